import type { Ctx } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";

/** A narrowed key must not mint or revoke keys: that would widen or disrupt what its owner granted. */
export function assertCanManageKeys(ctx: Ctx): void {
  const key = ctx.actor.apiKey;
  if (key && (key.readOnly || key.projectId)) {
    throw new ForbiddenError("A read-only or project-limited API key cannot create or revoke API keys.");
  }
}
