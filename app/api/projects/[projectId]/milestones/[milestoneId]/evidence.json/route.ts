import { projectRoute } from "@/lib/api/handler";
import { evidenceJson } from "@/lib/evidence/evidence-json";
import { evidenceFileName } from "@/lib/evidence/file-name";
import { readEvidence } from "@/lib/evidence/read-evidence";

// GET /api/projects/{projectId}/milestones/{milestoneId}/evidence.json — the evidence manifest {sha256, generatedAt, manifest}, streamed
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params }) => {
  const evidence = await readEvidence(ctx, params.milestoneId);
  return new Response(evidenceJson(evidence), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `inline; filename="${evidenceFileName(evidence, "json")}"`,
      "cache-control": "no-store",
      "x-evidence-sha256": evidence.sha256,
    },
  });
});
