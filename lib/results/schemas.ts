import { z } from "zod";
import { DateTimeInput, Id, PageParams, Timestamp, csvEnum } from "@/lib/api/schemas";

export const MAX_RESULTS_PER_BATCH = 1000;

/** Statuses we store; Playwright's own are mapped onto them and the original is kept. */
export const ResultStatus = z.enum(["PASSED", "FAILED", "BLOCKED", "SKIPPED", "RETEST", "UNTESTED"]);
export type ResultStatus = z.infer<typeof ResultStatus>;

const REPORTED_STATUS: Record<string, ResultStatus> = {
  passed: "PASSED",
  failed: "FAILED",
  blocked: "BLOCKED",
  skipped: "SKIPPED",
  retest: "RETEST",
  timedout: "FAILED",
  interrupted: "SKIPPED",
};

/** Maps a reported status (ours, or Playwright's `timedOut`/`interrupted`, any case) to a stored one. */
export function mapReportedStatus(reported: string): ResultStatus | undefined {
  return REPORTED_STATUS[reported.toLowerCase()];
}

const ReportedStatus = z
  .string()
  .refine((s) => mapReportedStatus(s) !== undefined, "Use PASSED, FAILED, BLOCKED, SKIPPED, RETEST, timedOut or interrupted");

const Text = (max: number) => z.string().max(max);

export const ResultInput = z.object({
  testKey: z.string().trim().min(1).max(1000).describe("Stable identity: file › describe › title, or classname.name"),
  title: Text(1000).trim().min(1).optional().describe("Defaults to the last part of testKey"),
  suitePath: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  status: ReportedStatus,
  expectedStatus: ReportedStatus.optional().describe("Playwright's expected status; a result equal to it counts as PASSED"),
  attempt: z.number().int().min(0).max(100).default(0),
  durationMs: z.number().int().min(0).max(2_147_483_647).optional(),
  startedAt: DateTimeInput.optional(),
  error: z.object({ message: Text(20_000).optional(), stack: Text(50_000).optional(), location: Text(1000).optional() }).optional(),
  steps: z
    .array(z.object({ title: Text(1000), status: z.string().max(50).optional(), durationMs: z.number().min(0).optional(), error: Text(5000).optional() }))
    .max(500)
    .optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  annotations: z.array(z.object({ type: z.string().max(100), description: Text(2000).optional() })).max(50).default([]),
  caseKey: z
    .string()
    .regex(/^[A-Za-z0-9]{2,10}-\d+$/, "Use the case key, like DEMO-12")
    .optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
  quarantined: z
    .boolean()
    .default(false)
    .describe("The reporter ran this test while its case was quarantined (GET .../quarantine): recorded and shown as such, never hidden"),
});
export type ResultInput = z.infer<typeof ResultInput>;

export const ResultBatchInput = z.object({
  results: z.array(z.unknown()).min(1, "Send at least one result"),
});

export const ItemError = z.object({ index: z.number().int(), field: z.string(), message: z.string() });
export type ItemError = z.infer<typeof ItemError>;

export const BatchOutcome = z.object({
  received: z.number().int(),
  created: z.number().int().describe("Attempts stored by this request"),
  duplicates: z.number().int().describe("Attempts already stored by an earlier request (same idempotency key)"),
  errors: z.array(ItemError).describe("Items that were rejected; the valid items were stored"),
  casesCreated: z.number().int(),
  results: z
    .array(z.object({ index: z.number().int(), resultId: Id, duplicate: z.boolean() }))
    .describe("The stored result of every valid item, by index (for attachments); duplicates point at the earlier result"),
  run: z.object({ id: Id, status: z.string() }),
});
export type BatchOutcome = z.infer<typeof BatchOutcome>;

export const AttemptStepResult = z.object({ index: z.number().int(), status: z.string(), comment: z.string().optional() });
export const AttemptDefect = z.object({ id: Id, tracker: z.string(), key: z.string(), url: z.string().nullable() });

/** What a tester recorded with an attempt, beyond its status. */
const AttemptNotes = {
  comment: z.string().nullable().describe("The tester's comment on this attempt (Markdown)"),
  stepResults: z.array(AttemptStepResult).nullable().describe("Per-step statuses and comments, by step index"),
  defect: AttemptDefect.nullable().describe("The defect linked when this attempt was recorded"),
  rule: z
    .object({ id: Id, name: z.string(), defect: z.object({ tracker: z.string(), key: z.string(), url: z.string().nullable() }) })
    .nullable()
    .describe("The known-failure rule whose pattern matched this attempt's error (its defect tracks the failure); null when none"),
  quarantined: z.boolean().describe("The reporter marked this attempt as run while the case was quarantined"),
};

export const ResultEntry = z.object({
  entryId: Id,
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  priority: z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"]),
  automationKey: z.string().nullable(),
  status: ResultStatus,
  flaky: z.boolean(),
  attempts: z.number().int(),
  durationMs: z.number().int().nullable(),
  error: z.object({ message: z.string().optional(), stack: z.string().optional(), location: z.string().optional() }).nullable(),
  lastResultAt: Timestamp.nullable(),
  ...AttemptNotes,
});
export type ResultEntry = z.infer<typeof ResultEntry>;

export const ResultListQuery = PageParams.extend({
  status: csvEnum(ResultStatus).optional(),
  flaky: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  priority: csvEnum(z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"])).optional(),
});

export const CaseHistoryItem = z.object({
  resultId: Id,
  status: ResultStatus,
  originalStatus: z.string().nullable(),
  attempt: z.number().int(),
  durationMs: z.number().int().nullable(),
  executedAt: Timestamp,
  error: z.object({ message: z.string().optional() }).nullable(),
  run: z.object({ id: Id, name: z.string() }),
  milestone: z.object({ id: Id, name: z.string() }),
  environment: z.object({ id: Id, name: z.string() }),
  executedBy: z.object({ id: Id, name: z.string(), email: z.string() }).nullable().describe("Who recorded it (the key's owner for CI); null when that user was deleted"),
  ...AttemptNotes,
});
export type CaseHistoryItem = z.infer<typeof CaseHistoryItem>;

export const CaseHistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

/** The documented request shape; the handler checks items one by one to report per-item errors. */
export const ResultBatchShape = z.object({ results: z.array(ResultInput).min(1).max(MAX_RESULTS_PER_BATCH) });
export const CaseHistory = z.object({ data: z.array(CaseHistoryItem) });
