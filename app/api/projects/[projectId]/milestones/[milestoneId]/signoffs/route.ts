import { created, json, projectRoute } from "@/lib/api/handler";
import { signOffMilestone } from "@/lib/milestones/sign-off-milestone";
import { listSignoffs } from "@/lib/milestones/summary";

type Params = { projectId: string; milestoneId: string };

// GET /api/projects/{projectId}/milestones/{milestoneId}/signoffs — sign-offs, newest first, with a stale flag
export const GET = projectRoute<Params>(async ({ ctx, params }) => json({ data: await listSignoffs(ctx, params.milestoneId), nextCursor: null }));

// POST /api/projects/{projectId}/milestones/{milestoneId}/signoffs — record "seen and signed off" (any member, VIEWER included)
export const POST = projectRoute<Params>(async ({ ctx, params, req, body }) =>
  created(await signOffMilestone({ ctx, milestoneId: params.milestoneId, input: req.headers.get("content-type") ? await body() : {} })),
);
