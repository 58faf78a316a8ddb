import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { createCase } from "@/lib/cases/create-case";
import { listCases } from "@/lib/cases/queries";
import { CaseListQuery } from "@/lib/cases/schemas";

// GET /api/projects/{projectId}/test-cases — search and filter cases, by key
export const GET = projectRoute(async ({ ctx, query }) => json(await listCases(ctx, parse(CaseListQuery, query))));

// POST /api/projects/{projectId}/test-cases — create a case
export const POST = projectRoute(async ({ ctx, body }) => created(await createCase({ ctx, input: await body() })));
