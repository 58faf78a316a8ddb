import { parse } from "@/lib/api/parse";
import { assertWritable } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";
import { MarkReadInput } from "@/lib/slack/schemas";
import { markNotificationsRead } from "./queries";

/** POST /api/notifications/read: `{ ids: [...] }` or `{ all: true }`; read state is per user. */
export async function markRead({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ unreadCount: number }> {
  assertWritable(ctx);
  if (ctx.actor.apiKey?.projectId) throw new ForbiddenError("This API key is limited to one project; read state belongs to the user, not a project.");
  return markNotificationsRead({ ctx, input: parse(MarkReadInput, input) });
}
