import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { createRequirement } from "@/lib/requirements/create-requirement";
import { listRequirements } from "@/lib/requirements/queries";
import { RequirementListQuery } from "@/lib/requirements/schemas";

// GET /api/projects/{projectId}/requirements — the project's requirements by key (q, source, limit, cursor)
export const GET = projectRoute(async ({ ctx, query }) => json(await listRequirements(ctx, parse(RequirementListQuery, query))));

// POST /api/projects/{projectId}/requirements — create one (TESTER)
export const POST = projectRoute(async ({ ctx, body }) => created(await createRequirement({ ctx, input: await body() })));
