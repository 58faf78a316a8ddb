import { projectRoute } from "@/lib/api/handler";
import { evidenceResponse } from "@/lib/evidence/evidence-response";
import { readEvidence } from "@/lib/evidence/read-evidence";

// GET /api/projects/{projectId}/milestones/{milestoneId}/evidence.pdf — the evidence pack for the auditor, streamed
// The manifest is read (and hashed) before the first byte, so a 404 is still a 404.
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params }) =>
  evidenceResponse(await readEvidence(ctx, params.milestoneId), "pdf"),
);
