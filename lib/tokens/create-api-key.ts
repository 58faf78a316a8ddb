import { apiKeys } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/lib/auth/api-key-format";
import { withProject } from "@/lib/auth/project-access";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { assertCanManageKeys } from "./guard";
import { toApiKey } from "./queries";
import { CreateApiKeyInput, type CreatedApiKey } from "./schemas";

/** Creates a key for the caller. The plain key is in the result and nowhere else, ever. */
export async function createApiKey({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<CreatedApiKey> {
  assertCanManageKeys(ctx);
  const data = parse(CreateApiKeyInput, input);
  let project: { id: string; key: string; name: string } | null = null;
  if (data.projectId) {
    try {
      const scoped = await withProject(ctx, data.projectId);
      project = { id: scoped.project.id, key: scoped.project.key, name: scoped.project.name };
    } catch (err) {
      if (err instanceof NotFoundError) throw ValidationError.field("projectId", "No project with this id or key that you can see");
      throw err;
    }
  }
  const plain = generateApiKey();
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx
      .insert(apiKeys)
      .values({
        userId: ctx.actor.userId,
        name: data.name,
        prefix: apiKeyPrefix(plain),
        keyHash: hashApiKey(plain),
        projectId: project?.id ?? null,
        readOnly: data.readOnly,
        expiresAt: data.expiresAt ? new Date(data.expiresAt) : null,
      })
      .returning();
    await recordAudit(tx, ctx, {
      projectId: project?.id ?? null,
      action: "api_key.create",
      entityType: "api_key",
      entityId: key.id,
      after: { name: key.name, prefix: key.prefix, projectId: key.projectId, readOnly: key.readOnly, expiresAt: key.expiresAt },
    });
    return { ...toApiKey({ key, project }), key: plain };
  });
}
