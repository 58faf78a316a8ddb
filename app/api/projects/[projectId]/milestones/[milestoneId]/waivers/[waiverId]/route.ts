import { noContent, projectRoute } from "@/lib/api/handler";
import { revokeWaiver } from "@/lib/milestones/revoke-waiver";

// DELETE /api/projects/{projectId}/milestones/{milestoneId}/waivers/{waiverId} — revoke a waiver (TESTER)
export const DELETE = projectRoute<{ projectId: string; milestoneId: string; waiverId: string }>(async ({ ctx, params }) => {
  await revokeWaiver({ ctx, milestoneId: params.milestoneId, waiverId: params.waiverId });
  return noContent();
});
