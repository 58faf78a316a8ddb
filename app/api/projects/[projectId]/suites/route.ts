import { created, json, projectRoute } from "@/lib/api/handler";
import { createSuite } from "@/lib/suites/create-suite";
import { listSuites } from "@/lib/suites/queries";

// GET /api/projects/{projectId}/suites — the whole suite tree, flat, in display order
export const GET = projectRoute(async ({ ctx }) => json(await listSuites(ctx)));

// POST /api/projects/{projectId}/suites — create a suite
export const POST = projectRoute(async ({ ctx, body }) => created(await createSuite({ ctx, input: await body() })));
