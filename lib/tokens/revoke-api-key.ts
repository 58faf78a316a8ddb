import { and, eq, isNull, sql } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { assertCanManageKeys } from "./guard";

/** Revokes one of the caller's keys; it stops working on the next request. Revoking twice is harmless. */
export async function revokeApiKey({ ctx, keyId }: { ctx: Ctx; keyId: string }): Promise<void> {
  assertCanManageKeys(ctx);
  await ctx.db.transaction(async (tx) => {
    const [key] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, ctx.actor.userId)))
      .for("update");
    if (!key) throw new NotFoundError("API key");
    if (key.revokedAt) return;
    await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
    await recordAudit(tx, ctx, { projectId: key.projectId, action: "api_key.revoke", entityType: "api_key", entityId: key.id, before: { name: key.name, prefix: key.prefix } });
  });
}
