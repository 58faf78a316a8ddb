import { json, noContent, projectRoute } from "@/lib/api/handler";
import { deleteMilestone } from "@/lib/milestones/delete-milestone";
import { getMilestone } from "@/lib/milestones/queries";
import { updateMilestone } from "@/lib/milestones/update-milestone";

type Params = { projectId: string; milestoneId: string };

// GET /api/projects/{projectId}/milestones/{milestoneId} — one milestone with run counts by status
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getMilestone(ctx, params.milestoneId)));

// PATCH /api/projects/{projectId}/milestones/{milestoneId} — update fields or status
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await updateMilestone({ ctx, milestoneId: params.milestoneId, input: await body() })),
);

// DELETE /api/projects/{projectId}/milestones/{milestoneId} — delete a milestone without runs
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await deleteMilestone({ ctx, milestoneId: params.milestoneId });
  return noContent();
});
