import { evidenceJson } from "./evidence-json";
import { evidenceFileName } from "./file-name";
import type { Evidence } from "./read-evidence";
import { evidencePdf } from "./render-pdf";

/**
 * The evidence pack as a streamed download: the manifest (JSON, shown inline) or the PDF for the
 * auditor (an attachment), never cached, with the manifest's hash in a header.
 */
export function evidenceResponse(evidence: Evidence, kind: "json" | "pdf"): Response {
  const json = kind === "json";
  return new Response(json ? evidenceJson(evidence) : evidencePdf(evidence), {
    headers: {
      "content-type": json ? "application/json; charset=utf-8" : "application/pdf",
      "content-disposition": `${json ? "inline" : "attachment"}; filename="${evidenceFileName(evidence, kind)}"`,
      "cache-control": "no-store",
      "x-evidence-sha256": evidence.sha256,
    },
  });
}
