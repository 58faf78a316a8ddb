import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { sharedMilestoneGate } from "@/lib/milestones/summary-rounds";
import { GateQuery } from "@/lib/milestones/summary-schemas";

// GET /api/projects/{projectId}/milestones/{milestoneId}/gate — verdict and reasons for CI; strict=1 answers 412 on NO_GO
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params, query }) => {
  const q = parse(GateQuery, query);
  const gate = await sharedMilestoneGate(ctx, params.milestoneId, { environmentId: q.environment });
  const strict = q.strict === "1" || q.strict === "true";
  return json(gate, strict && gate.verdict === "NO_GO" ? 412 : 200);
});
