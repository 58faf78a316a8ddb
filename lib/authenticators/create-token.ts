import { authenticatorTokens } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { duplicateTokenName } from "./errors";
import { tokenRow, toToken } from "./queries";
import { CreateAuthenticatorTokenInput, type AuthenticatorToken } from "./schemas";
import { resolveSecret } from "./token-secret";

/** Stores a TOTP secret encrypted under QA_STUDIO_ENCRYPTION_KEY; the response never carries it. */
export async function createToken({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<AuthenticatorToken> {
  authorize(ctx, "authenticator:manage");
  const data = parse(CreateAuthenticatorTokenInput, input);
  const resolved = resolveSecret(data)!;
  const box = encryptSecret(resolved.secret);
  const values = {
    name: data.name,
    issuer: resolved.issuer ?? data.issuer ?? "",
    account: resolved.account ?? data.account ?? "",
    algorithm: resolved.algorithm ?? data.algorithm ?? "SHA1",
    digits: resolved.digits ?? data.digits ?? 6,
    periodSeconds: resolved.period ?? data.period ?? 30,
  };
  let id: string;
  try {
    id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(authenticatorTokens)
        .values({ projectId: ctx.project.id, ...values, secretCiphertext: box.ciphertext, iv: box.iv, authTag: box.authTag, createdById: ctx.actor.userId })
        .returning({ id: authenticatorTokens.id });
      // The audit row names the parameters, never the secret.
      await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "authenticator.create", entityType: "authenticator_token", entityId: row.id, after: values });
      return row.id;
    });
  } catch (err) {
    throw duplicateTokenName(err, data.name);
  }
  return toToken(await tokenRow(ctx, id));
}
