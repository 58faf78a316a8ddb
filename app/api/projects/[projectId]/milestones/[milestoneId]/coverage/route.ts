import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { milestoneCoverage } from "@/lib/requirements/milestone-coverage";
import { CoverageQuery } from "@/lib/requirements/schemas";

// GET /api/projects/{projectId}/milestones/{milestoneId}/coverage — which in-scope requirements are verified (?environment=id or name)
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params, query }) => {
  const { environment } = parse(CoverageQuery, query);
  return json(await milestoneCoverage(ctx, params.milestoneId, { environmentId: environment }));
});
