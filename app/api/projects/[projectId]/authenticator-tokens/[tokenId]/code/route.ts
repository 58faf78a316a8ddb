import { projectRoute } from "@/lib/api/handler";
import { readCode } from "@/lib/authenticators/read-code";

// GET /api/projects/{projectId}/authenticator-tokens/{tokenId}/code — the current TOTP code (rate-limited, audited)
export const GET = projectRoute<{ projectId: string; tokenId: string }>(async ({ ctx, params }) =>
  // A code is a credential: no cache may keep it.
  Response.json(await readCode({ ctx, tokenId: params.tokenId }), { headers: { "cache-control": "no-store" } }),
);
