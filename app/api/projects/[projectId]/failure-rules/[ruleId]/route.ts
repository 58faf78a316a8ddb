import { noContent, projectRoute } from "@/lib/api/handler";
import { deleteFailureRule } from "@/lib/failure-rules/delete-failure-rule";

// DELETE /api/projects/{projectId}/failure-rules/{ruleId} — remove a rule (ADMIN); the links it made stay
export const DELETE = projectRoute<{ projectId: string; ruleId: string }>(async ({ ctx, params }) => {
  await deleteFailureRule({ ctx, ruleId: params.ruleId });
  return noContent();
});
