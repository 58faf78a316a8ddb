import { json, projectRoute } from "@/lib/api/handler";
import { getCaseVersion } from "@/lib/cases/queries";

// GET /api/projects/{projectId}/test-cases/{caseId}/versions/{version} — one saved version
export const GET = projectRoute<{ projectId: string; caseId: string; version: string }>(async ({ ctx, params }) =>
  json(await getCaseVersion(ctx, params.caseId, params.version)),
);
