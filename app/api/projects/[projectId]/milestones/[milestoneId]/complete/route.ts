import { json, projectRoute } from "@/lib/api/handler";
import { completeMilestone } from "@/lib/milestones/complete-milestone";

// POST /api/projects/{projectId}/milestones/{milestoneId}/complete — run the checklist and complete, or 409 with the unmet items ({override: {reason}}: ADMIN)
export const POST = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params, req, body }) =>
  json(await completeMilestone({ ctx, milestoneId: params.milestoneId, input: req.headers.get("content-type") ? await body() : {} })),
);
