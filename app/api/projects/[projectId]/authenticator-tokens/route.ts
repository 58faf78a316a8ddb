import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { PageParams } from "@/lib/api/schemas";
import { createToken } from "@/lib/authenticators/create-token";
import { listTokens } from "@/lib/authenticators/queries";

// GET /api/projects/{projectId}/authenticator-tokens — list shared TOTP tokens (never their secrets)
export const GET = projectRoute(async ({ ctx, query }) => json(await listTokens(ctx, parse(PageParams, query))));

// POST /api/projects/{projectId}/authenticator-tokens — store a TOTP secret, encrypted
export const POST = projectRoute(async ({ ctx, body }) => created(await createToken({ ctx, input: await body() })));
