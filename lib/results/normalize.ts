import type { ResultInput, ResultStatus } from "./schemas";
import { mapReportedStatus } from "./schemas";

type Priority = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";

export type NormalizedResult = {
  index: number;
  testKey: string;
  title: string;
  suitePath: string[];
  status: ResultStatus;
  originalStatus: string | null;
  expectedStatus: string | null;
  attempt: number;
  durationMs: number | null;
  startedAt: string | null;
  error: ResultInput["error"] | null;
  steps: ResultInput["steps"] | null;
  tags: string[];
  annotations: ResultInput["annotations"];
  priority: Priority;
  caseKey: string | null;
  quarantined: boolean;
  idempotencyKey: string;
};

const PRIORITY_TAGS: Record<string, Priority> = { "@critical": "CRITICAL", "@high": "HIGH", "@medium": "MEDIUM", "@low": "LOW" };

/** Priority from tags (@critical, @high, @medium, @low) or a `priority` annotation; MEDIUM otherwise. */
export function priorityOf(tags: string[], annotations: { type: string; description?: string }[]): Priority {
  for (const tag of tags) {
    const p = PRIORITY_TAGS[tag.toLowerCase()];
    if (p) return p;
  }
  const note = annotations.find((a) => a.type.toLowerCase() === "priority")?.description?.trim().toUpperCase();
  return note === "CRITICAL" || note === "HIGH" || note === "MEDIUM" || note === "LOW" ? note : "MEDIUM";
}

/**
 * The stored outcome of one attempt. With an expected status (Playwright's `test.fail()`), meeting
 * the expectation is a pass and missing it a failure; the reported status is kept when it differs.
 */
export function outcomeOf(reported: string, expected?: string): { status: ResultStatus; originalStatus: string | null } {
  let status = mapReportedStatus(reported)!;
  const expectedStatus = expected ? mapReportedStatus(expected) : undefined;
  if (expectedStatus && expectedStatus !== "PASSED" && status !== "SKIPPED") {
    status = status === expectedStatus ? "PASSED" : "FAILED";
  }
  return { status, originalStatus: reported.toUpperCase() === status ? null : reported };
}

export function normalizeResult(index: number, r: ResultInput): NormalizedResult {
  const { status, originalStatus } = outcomeOf(r.status, r.expectedStatus);
  const segments = r.testKey.split(/\s+›\s+|\s+>\s+/);
  return {
    index,
    testKey: r.testKey,
    title: r.title ?? segments[segments.length - 1],
    suitePath: r.suitePath,
    status,
    originalStatus,
    expectedStatus: r.expectedStatus ?? null,
    attempt: r.attempt,
    durationMs: r.durationMs ?? null,
    startedAt: r.startedAt ?? null,
    error: r.error ?? null,
    steps: r.steps ?? null,
    tags: r.tags,
    annotations: r.annotations,
    priority: priorityOf(r.tags, r.annotations),
    caseKey: r.caseKey?.toUpperCase() ?? null,
    quarantined: r.quarantined,
    idempotencyKey: r.idempotencyKey ?? `auto:${r.attempt}:${r.testKey}`,
  };
}
