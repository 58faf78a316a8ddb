import { json, noContent, projectRoute } from "@/lib/api/handler";
import { deleteToken } from "@/lib/authenticators/delete-token";
import { getToken } from "@/lib/authenticators/queries";
import { updateToken } from "@/lib/authenticators/update-token";

type Params = { projectId: string; tokenId: string };

// GET /api/projects/{projectId}/authenticator-tokens/{tokenId} — one token (without its secret)
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getToken(ctx, params.tokenId)));

// PATCH /api/projects/{projectId}/authenticator-tokens/{tokenId} — rename, change parameters or replace the secret
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) => json(await updateToken({ ctx, tokenId: params.tokenId, input: await body() })));

// DELETE /api/projects/{projectId}/authenticator-tokens/{tokenId} — delete a token
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await deleteToken({ ctx, tokenId: params.tokenId });
  return noContent();
});
