import { PageParams } from "@/lib/api/schemas";
import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { signOffMilestone } from "@/lib/milestones/sign-off-milestone";
import { listSignoffsPage } from "@/lib/milestones/signoffs";

type Params = { projectId: string; milestoneId: string };

// GET /api/projects/{projectId}/milestones/{milestoneId}/signoffs — sign-offs, newest first, with a stale flag (limit, cursor)
export const GET = projectRoute<Params>(async ({ ctx, params, query }) => json(await listSignoffsPage(ctx, params.milestoneId, parse(PageParams, query))));

// POST /api/projects/{projectId}/milestones/{milestoneId}/signoffs — record "seen and signed off" (any member, VIEWER included)
export const POST = projectRoute<Params>(async ({ ctx, params, req, body }) =>
  created(await signOffMilestone({ ctx, milestoneId: params.milestoneId, input: req.headers.get("content-type") ? await body() : {} })),
);
