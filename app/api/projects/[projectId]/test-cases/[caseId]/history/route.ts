import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { caseHistory } from "@/lib/results/queries";
import { CaseHistoryQuery } from "@/lib/results/schemas";

// GET /api/projects/{projectId}/test-cases/{caseId}/history — the case's last results across runs (caseId or key like DEMO-12)
export const GET = projectRoute<{ projectId: string; caseId: string }>(async ({ ctx, params, query }) =>
  json(await caseHistory(ctx, params.caseId, parse(CaseHistoryQuery, query).limit)),
);
