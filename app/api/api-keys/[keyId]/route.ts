import { noContent, route } from "@/lib/api/handler";
import { revokeApiKey } from "@/lib/tokens/revoke-api-key";

// DELETE /api/api-keys/{keyId} — revoke one of the caller's keys
export const DELETE = route<{ keyId: string }>(async ({ ctx, params }) => {
  await revokeApiKey({ ctx, keyId: params.keyId });
  return noContent();
});
