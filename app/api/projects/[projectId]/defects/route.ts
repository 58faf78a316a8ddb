import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { milestoneDefects } from "@/lib/defects/milestone-defects";
import { MilestoneDefectsQuery } from "@/lib/defects/schemas";

// GET /api/projects/{projectId}/defects?milestoneId= — the defects of a milestone's open failures, Jira statuses refreshed when stale
export const GET = projectRoute(async ({ ctx, query }) => json(await milestoneDefects(ctx, parse(MilestoneDefectsQuery, query).milestoneId)));
