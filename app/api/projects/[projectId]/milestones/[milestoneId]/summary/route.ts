import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { sharedMilestoneSummary } from "@/lib/milestones/summary-rounds";
import { SummaryQuery } from "@/lib/milestones/summary-schemas";

// GET /api/projects/{projectId}/milestones/{milestoneId}/summary — the go/no-go summary (?environment=id or name)
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params, query }) => {
  const { environment } = parse(SummaryQuery, query);
  return json(await sharedMilestoneSummary(ctx, params.milestoneId, { environmentId: environment }));
});
