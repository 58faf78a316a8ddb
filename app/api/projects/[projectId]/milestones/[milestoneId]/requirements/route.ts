import { json, projectRoute } from "@/lib/api/handler";
import { getMilestoneRequirements } from "@/lib/requirements/milestone-scope";
import { setMilestoneRequirements } from "@/lib/requirements/set-milestone-requirements";

type Params = { projectId: string; milestoneId: string };

// GET /api/projects/{projectId}/milestones/{milestoneId}/requirements — the requirements set on the milestone
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getMilestoneRequirements(ctx, params.milestoneId)));

// PUT /api/projects/{projectId}/milestones/{milestoneId}/requirements — set the requirements it must verify (TESTER)
export const PUT = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await setMilestoneRequirements({ ctx, milestoneId: params.milestoneId, input: await body() })),
);
