import { json, projectRoute } from "@/lib/api/handler";
import { milestoneActivity } from "@/lib/milestones/activity";

// GET /api/projects/{projectId}/milestones/{milestoneId}/activity — a cheap change stamp the summary page polls to refresh itself
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params }) => {
  const res = json(await milestoneActivity(ctx, params.milestoneId));
  res.headers.set("cache-control", "no-store");
  return res;
});
