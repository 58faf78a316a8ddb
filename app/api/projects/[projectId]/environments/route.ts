import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { PageParams } from "@/lib/api/schemas";
import { createEnvironment } from "@/lib/environments/create-environment";
import { listEnvironments } from "@/lib/environments/queries";

// GET /api/projects/{projectId}/environments — list environments by name
export const GET = projectRoute(async ({ ctx, query }) => json(await listEnvironments(ctx, parse(PageParams, query))));

// POST /api/projects/{projectId}/environments — create an environment
export const POST = projectRoute(async ({ ctx, body }) => created(await createEnvironment({ ctx, input: await body() })));
