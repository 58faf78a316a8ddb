import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import { resolveCaseId } from "@/lib/cases/queries";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, ValidationError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import { activeQuarantineSql, getQuarantine } from "./queries";
import { CreateQuarantineInput, QUARANTINE_DEFAULT_DAYS, QUARANTINE_MAX_DAYS, type Quarantine } from "./schemas";

const DAY_MS = 86_400_000;

/**
 * Quarantines a case (TESTER): until it expires or is lifted, the case's failures are listed
 * under "Quarantined" and do not block a verdict, and CI reporters mark its results. One active
 * quarantine per case; concurrent requests queue on the case's row.
 */
export async function quarantineCase({
  ctx,
  caseRef,
  input,
  now = new Date(),
}: {
  ctx: ProjectCtx;
  caseRef: string;
  input: unknown;
  now?: Date;
}): Promise<Quarantine> {
  authorize(ctx, "quarantine:write");
  const data = parse(CreateQuarantineInput, input);
  const nowMs = now.getTime();
  const expiresMs = data.expiresAt ? Date.parse(data.expiresAt) : nowMs + QUARANTINE_DEFAULT_DAYS * DAY_MS;
  if (expiresMs <= nowMs) throw ValidationError.field("expiresAt", "The expiry must be in the future");
  if (expiresMs > nowMs + QUARANTINE_MAX_DAYS * DAY_MS) {
    throw ValidationError.field("expiresAt", `A quarantine lasts at most ${QUARANTINE_MAX_DAYS} days; renew it when it expires`);
  }
  return ctx.db.transaction(async (tx) => {
    const caseId = await resolveCaseId(ctx, caseRef, tx);
    const ownerRef = data.ownerId ?? ctx.actor.userId;
    const [owner] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select u.id from users u
        where (u.id = ${ownerRef} or lower(u.email) = lower(${ownerRef}))
          and (u.id = ${ctx.actor.userId} or exists (select 1 from project_members pm where pm.user_id = u.id and pm.project_id = ${ctx.project.id}))
        order by (u.id = ${ownerRef}) desc limit 1`),
    );
    if (!owner) throw ValidationError.field("ownerId", "No member of this project with this id or email");
    await tx.execute(sql`select id from test_cases where id = ${caseId} for update`);
    const [dup] = rowsOf<{ id: string; expires_at: string }>(
      await tx.execute(sql`
        select id, to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as expires_at from quarantines q
        where q.case_id = ${caseId} and ${activeQuarantineSql("q", now)}`),
    );
    if (dup) throw new ConflictError(`This case is already quarantined until ${dup.expires_at} (quarantine ${dup.id}); lift it first to change it.`);
    const expiresAt = new Date(expiresMs).toISOString();
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into quarantines (project_id, case_id, reason, owner_id, created_by_id, created_at, expires_at)
        values (${ctx.project.id}, ${caseId}, ${data.reason}, ${owner.id}, ${ctx.actor.userId}, ${now.toISOString()}::timestamptz, ${expiresAt}::timestamptz)
        returning id`),
    );
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "quarantine.create",
      entityType: "quarantine",
      entityId: row.id,
      after: { caseId, reason: data.reason, ownerId: owner.id, expiresAt },
    });
    return getQuarantine(tx, ctx, row.id, now);
  });
}
