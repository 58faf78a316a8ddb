import { and, eq, sql } from "drizzle-orm";
import { auditLog, authenticatorTokens } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { AppError, NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import type { TotpAlgorithm, TotpCode } from "./schemas";
import { decodeBase32, totp } from "./totp";

/**
 * Code reads allowed per caller (a user in the browser, or one API key) and token in a sliding
 * window. Generous for an execution view (about two reads a minute per token) and for a login
 * test suite, tight enough that a leaked key cannot be used to farm codes unnoticed.
 */
export const CODE_READ_LIMIT = { windowSeconds: 60, perCaller: 30 } as const;

export const CODE_READ_ACTION = "authenticator.code_read";

export class CodeRateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", `Too many code reads for this token. Try again in ${retryAfterSeconds} s.`, [], { "Retry-After": String(retryAfterSeconds) });
  }
}

/**
 * The current code of a token. Every read is written to the audit log, and the audit rows are
 * also the rate limit's memory: no extra table, and the count is the same on every app
 * instance. A per-caller advisory lock makes the count-then-insert safe against parallel reads.
 */
export async function readCode({ ctx, tokenId, now }: { ctx: ProjectCtx; tokenId: string; now?: number }): Promise<TotpCode> {
  authorize(ctx, "project:read");
  const keyId = ctx.actor.apiKey?.id ?? null;
  const row = await ctx.db.transaction(async (tx) => {
    const [token] = await tx
      .select()
      .from(authenticatorTokens)
      .where(and(eq(authenticatorTokens.projectId, ctx.project.id), eq(authenticatorTokens.id, tokenId)));
    if (!token) throw new NotFoundError("Authenticator token");
    const scope = `authenticator-code:${tokenId}:${keyId ? `key:${keyId}` : `user:${ctx.actor.userId}`}`;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${scope}))`);
    const caller = keyId ? eq(auditLog.actorApiKeyId, keyId) : and(eq(auditLog.actorUserId, ctx.actor.userId), sql`${auditLog.actorApiKeyId} is null`);
    const window = sql.raw(`interval '${CODE_READ_LIMIT.windowSeconds} seconds'`);
    const [usage] = rowsOf<{ reads: number; retry_after: number | null }>(
      await tx.execute(sql`
        with recent as (
          select ${auditLog.createdAt} as created_at from ${auditLog}
          where ${auditLog.entityType} = 'authenticator_token' and ${auditLog.entityId} = ${tokenId}
            and ${auditLog.action} = ${CODE_READ_ACTION} and ${caller} and ${auditLog.createdAt} > clock_timestamp() - ${window}
        )
        select (select count(*) from recent)::int as reads,
          (select ceil(extract(epoch from (created_at + ${window} - clock_timestamp())))::int
             from recent order by created_at desc offset ${sql.raw(String(CODE_READ_LIMIT.perCaller - 1))} limit 1) as retry_after
      `),
    );
    if (Number(usage.reads) >= CODE_READ_LIMIT.perCaller) throw new CodeRateLimitedError(Math.max(1, Number(usage.retry_after ?? 1)));
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: CODE_READ_ACTION,
      entityType: "authenticator_token",
      entityId: tokenId,
      after: { name: token.name },
    });
    return token;
  });
  const secret = decodeBase32(decryptSecret({ ciphertext: row.secretCiphertext, iv: row.iv, authTag: row.authTag }));
  if (!secret) throw new AppError("INTERNAL", "A stored authenticator secret is not Base32.");
  const { code, timeRemaining } = totp(secret, { algorithm: row.algorithm as TotpAlgorithm, digits: row.digits, period: row.periodSeconds }, now);
  return { code, timeRemaining, period: row.periodSeconds, digits: row.digits };
}
