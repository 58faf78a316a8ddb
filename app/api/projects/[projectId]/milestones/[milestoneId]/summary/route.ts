import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { sharedMilestoneSummary } from "@/lib/milestones/summary-rounds";
import { SummaryBuildQuery } from "@/lib/milestones/summary-schemas";

// GET /api/projects/{projectId}/milestones/{milestoneId}/summary — the go/no-go summary (?environment=id or name, ?build=)
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params, query }) => {
  const { environment, build } = parse(SummaryBuildQuery, query);
  return json(await sharedMilestoneSummary(ctx, params.milestoneId, { environmentId: environment, build }));
});
