import { created, json, route } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { PageParams } from "@/lib/api/schemas";
import { createApiKey } from "@/lib/tokens/create-api-key";
import { listApiKeys } from "@/lib/tokens/queries";

// GET /api/api-keys — the caller's API keys (never the keys themselves)
export const GET = route(async ({ ctx, query }) => json(await listApiKeys(ctx, parse(PageParams, query))));

// POST /api/api-keys — create a key; the response holds the plain key, shown once
export const POST = route(async ({ ctx, body }) => created(await createApiKey({ ctx, input: await body() })));
