import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { apiKeys, auditLog, projectMembers, users } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { escapeLike } from "@/lib/sql";
import { auditNames, collectIds } from "./names";
import type { AuditActorOption, AuditFilter, AuditLogEntry } from "./schemas";

/** Exact creation time (microseconds) for keyset pagination. */
const createdKey = sql<string>`to_char(${auditLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

type FieldValues = Record<string, unknown>;

type AuditRow = {
  entry: typeof auditLog.$inferSelect;
  user: { id: string; email: string; name: string } | null;
  key: { id: string; name: string; prefix: string } | null;
};

function toAuditLogEntry({ entry, user, key }: AuditRow, names: Record<string, string>): AuditLogEntry {
  const before = (entry.before as FieldValues | null) ?? null;
  const after = (entry.after as FieldValues | null) ?? null;
  const mentioned = new Set<string>();
  collectIds(before, mentioned);
  collectIds(after, mentioned);
  // A deleted entity is no longer in its table; its recorded name or title still says what it was.
  const recorded = after?.name ?? before?.name ?? after?.title ?? before?.title;
  return {
    id: entry.id,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    actor: user?.id ? { userId: user.id, email: user.email, name: user.name } : null,
    apiKey: key?.id ? { id: key.id, name: key.name, prefix: key.prefix } : null,
    before,
    after,
    requestId: entry.requestId,
    createdAt: entry.createdAt.toISOString(),
    entityName: (entry.entityId && names[entry.entityId]) || (typeof recorded === "string" ? recorded : null),
    names: Object.fromEntries([...mentioned].filter((id) => names[id]).map((id) => [id, names[id]])),
  };
}

function filterConditions(ctx: ProjectCtx, filter: AuditFilter): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [eq(auditLog.projectId, ctx.project.id)];
  if (filter.actor) {
    const who = filter.actor;
    const matching = ctx.db
      .select({ id: users.id })
      .from(users)
      .where(or(eq(users.id, who), sql`lower(${users.email}) = lower(${who})`));
    conditions.push(inArray(auditLog.actorUserId, matching));
  }
  if (filter.action) {
    // `milestone` is a kind: every `milestone.*` action; `milestone.update` is one action.
    conditions.push(or(eq(auditLog.action, filter.action), sql`${auditLog.action} like ${`${escapeLike(filter.action)}.%`}`));
  }
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.createdAt, filter.to));
  return conditions;
}

/** The project's audit log, newest first. Project admins only, read-only keys included. */
export async function listAuditLog(ctx: ProjectCtx, filter: AuditFilter, params: PageParams): Promise<Page<AuditLogEntry>> {
  authorize(ctx, "audit:read");
  const after = decodeCursor(params.cursor, ["instant", "text"]);
  const conditions = filterConditions(ctx, filter);
  if (after) conditions.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after[0]}::timestamptz, ${after[1]})`);
  const rows = await ctx.db
    .select({
      entry: auditLog,
      user: { id: users.id, email: users.email, name: users.name },
      key: { id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix },
      createdKey,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(apiKeys, eq(apiKeys.id, auditLog.actorApiKeyId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(params.limit + 1);
  const ids = new Set<string>();
  for (const r of rows.slice(0, params.limit)) {
    if (r.entry.entityId) ids.add(r.entry.entityId);
    collectIds(r.entry.before, ids);
    collectIds(r.entry.after, ids);
  }
  const names = await auditNames(ctx, ids);
  return toPage(rows, params.limit, (r) => [r.createdKey, r.entry.id], (r) => toAuditLogEntry(r, names));
}

/** For the actor filter: the project's members and anyone who has changed the project. */
export async function listAuditActors(ctx: ProjectCtx): Promise<AuditActorOption[]> {
  authorize(ctx, "audit:read");
  const members = ctx.db.select({ id: projectMembers.userId }).from(projectMembers).where(eq(projectMembers.projectId, ctx.project.id));
  const actors = ctx.db.selectDistinct({ id: auditLog.actorUserId }).from(auditLog).where(eq(auditLog.projectId, ctx.project.id));
  return ctx.db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(users)
    .where(or(inArray(users.id, members), inArray(users.id, actors)))
    .orderBy(asc(users.name), asc(users.email))
    .limit(500);
}

/** For the kind filter: every action recorded in the project so far, alphabetically. */
export async function listAuditActions(ctx: ProjectCtx): Promise<string[]> {
  authorize(ctx, "audit:read");
  const rows = await ctx.db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.projectId, ctx.project.id))
    .orderBy(asc(auditLog.action));
  return rows.map((r) => r.action);
}
