import { projectRoute } from "@/lib/api/handler";
import { evidenceFileName } from "@/lib/evidence/file-name";
import { readEvidence } from "@/lib/evidence/read-evidence";
import { evidencePdf } from "@/lib/evidence/render-pdf";

// GET /api/projects/{projectId}/milestones/{milestoneId}/evidence.pdf — the evidence pack for the auditor, streamed
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params }) => {
  // The manifest is read (and hashed) before the first byte, so a 404 is still a 404.
  const evidence = await readEvidence(ctx, params.milestoneId);
  return new Response(evidencePdf(evidence), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${evidenceFileName(evidence, "pdf")}"`,
      "cache-control": "no-store",
      "x-evidence-sha256": evidence.sha256,
    },
  });
});
