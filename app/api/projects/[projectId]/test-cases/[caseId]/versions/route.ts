import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { PageParams } from "@/lib/api/schemas";
import { listCaseVersions } from "@/lib/cases/queries";

// GET /api/projects/{projectId}/test-cases/{caseId}/versions — the case's versions, newest first
export const GET = projectRoute<{ projectId: string; caseId: string }>(async ({ ctx, params, query }) =>
  json(await listCaseVersions(ctx, params.caseId, parse(PageParams, query))),
);
