import type { Tx } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Ctx } from "@/lib/context";

type AuditEntry = {
  projectId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

/** Written inside the same transaction as the change it describes. */
export async function recordAudit(tx: Tx, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    projectId: entry.projectId,
    actorUserId: ctx.actor.userId,
    actorApiKeyId: ctx.actor.apiKey?.id ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: ctx.requestId,
  });
}
