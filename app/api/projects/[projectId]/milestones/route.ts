import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { createMilestone } from "@/lib/milestones/create-milestone";
import { listMilestones } from "@/lib/milestones/queries";
import { MilestoneListQuery } from "@/lib/milestones/schemas";

// GET /api/projects/{projectId}/milestones — list by due date, filter by status and name
export const GET = projectRoute(async ({ ctx, query }) => {
  const { status, q, ...page } = parse(MilestoneListQuery, query);
  return json(await listMilestones(ctx, { status, q }, page));
});

// POST /api/projects/{projectId}/milestones — create a milestone
export const POST = projectRoute(async ({ ctx, body }) => created(await createMilestone({ ctx, input: await body() })));
