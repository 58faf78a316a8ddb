import type { Evidence } from "./read-evidence";

/** `DEMO-v2.4.0_Release-evidence-2030-06-10.pdf`: ASCII only, safe inside a quoted header value. */
export function evidenceFileName(e: Pick<Evidence, "project" | "milestone" | "generatedAt">, ext: "pdf" | "json"): string {
  const name = e.milestone.name.replace(/[^\w.-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60) || e.milestone.id.slice(0, 8);
  return `${e.project.key}-${name}-evidence-${e.generatedAt.slice(0, 10)}.${ext}`;
}
