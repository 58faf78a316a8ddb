import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { compareMilestone } from "@/lib/milestones/compare";
import { CompareQuery } from "@/lib/milestones/compare-schemas";

// GET /api/projects/{projectId}/milestones/{milestoneId}/compare — new failures, still failing, fixed, not run now, newly run (?baseline=, ?environment=)
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params, query }) => {
  const { baseline, environment } = parse(CompareQuery, query);
  return json(await compareMilestone(ctx, params.milestoneId, { baselineId: baseline, environment }));
});
