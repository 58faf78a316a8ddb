import { projectRoute } from "@/lib/api/handler";
import { evidenceResponse } from "@/lib/evidence/evidence-response";
import { readEvidence } from "@/lib/evidence/read-evidence";

// GET /api/projects/{projectId}/milestones/{milestoneId}/evidence.json — the evidence manifest {sha256, generatedAt, manifest}, streamed
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params }) =>
  evidenceResponse(await readEvidence(ctx, params.milestoneId), "json"),
);
