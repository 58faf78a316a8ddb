import { and, eq } from "drizzle-orm";
import { authenticatorTokens } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";

export async function deleteToken({ ctx, tokenId }: { ctx: ProjectCtx; tokenId: string }): Promise<void> {
  authorize(ctx, "authenticator:manage");
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(authenticatorTokens.projectId, ctx.project.id), eq(authenticatorTokens.id, tokenId));
    const [row] = await tx.delete(authenticatorTokens).where(where).returning({ name: authenticatorTokens.name });
    if (!row) throw new NotFoundError("Authenticator token");
    await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "authenticator.delete", entityType: "authenticator_token", entityId: tokenId, before: { name: row.name } });
  });
}
