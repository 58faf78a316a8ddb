import { and, eq, sql } from "drizzle-orm";
import { authenticatorTokens } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { NotFoundError } from "@/lib/errors";
import { duplicateTokenName } from "./errors";
import { tokenRow, toToken } from "./queries";
import { UpdateAuthenticatorTokenInput, type AuthenticatorToken } from "./schemas";
import { resolveSecret } from "./token-secret";

/** Renames a token, changes its parameters, or replaces its secret (re-encrypted with a fresh IV). */
export async function updateToken({ ctx, tokenId, input }: { ctx: ProjectCtx; tokenId: string; input: unknown }): Promise<AuthenticatorToken> {
  authorize(ctx, "authenticator:manage");
  const data = parse(UpdateAuthenticatorTokenInput, input);
  const resolved = resolveSecret(data);
  const fields = {
    ...(data.name !== undefined && { name: data.name }),
    ...((resolved?.issuer ?? data.issuer) !== undefined && { issuer: resolved?.issuer ?? data.issuer }),
    ...((resolved?.account ?? data.account) !== undefined && { account: resolved?.account ?? data.account }),
    ...((resolved?.algorithm ?? data.algorithm) !== undefined && { algorithm: resolved?.algorithm ?? data.algorithm }),
    ...((resolved?.digits ?? data.digits) !== undefined && { digits: resolved?.digits ?? data.digits }),
    ...((resolved?.period ?? data.period) !== undefined && { periodSeconds: resolved?.period ?? data.period }),
  };
  const box = resolved ? encryptSecret(resolved.secret) : null;
  try {
    await ctx.db.transaction(async (tx) => {
      const where = and(eq(authenticatorTokens.projectId, ctx.project.id), eq(authenticatorTokens.id, tokenId));
      const [before] = await tx.select().from(authenticatorTokens).where(where).for("update");
      if (!before) throw new NotFoundError("Authenticator token");
      await tx
        .update(authenticatorTokens)
        .set({ ...fields, ...(box && { secretCiphertext: box.ciphertext, iv: box.iv, authTag: box.authTag }), updatedAt: sql`now()` })
        .where(where);
      const diff = changedFields(
        { name: before.name, issuer: before.issuer, account: before.account, algorithm: before.algorithm, digits: before.digits, periodSeconds: before.periodSeconds },
        fields,
      );
      // A new secret is recorded as changed, never shown.
      await recordAudit(tx, ctx, {
        projectId: ctx.project.id,
        action: "authenticator.update",
        entityType: "authenticator_token",
        entityId: tokenId,
        before: { ...diff.before, ...(box && { secret: "(previous)" }) },
        after: { ...diff.after, ...(box && { secret: "(replaced)" }) },
      });
    });
  } catch (err) {
    throw duplicateTokenName(err, data.name ?? "");
  }
  return toToken(await tokenRow(ctx, tokenId));
}
