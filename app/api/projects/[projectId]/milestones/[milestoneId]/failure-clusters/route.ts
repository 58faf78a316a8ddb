import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { milestoneFailureClusters } from "@/lib/failure-clusters/queries";
import { SummaryQuery } from "@/lib/milestones/summary-schemas";

// GET /api/projects/{projectId}/milestones/{milestoneId}/failure-clusters[?environment=] — the summary's failures grouped by error signature
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params, query }) => {
  const q = parse(SummaryQuery.pick({ environment: true }), query);
  return json(await milestoneFailureClusters(ctx, params.milestoneId, { environmentId: q.environment }));
});
