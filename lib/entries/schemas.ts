import { z } from "zod";
import { Id, PageParams, Timestamp, csvEnum } from "@/lib/api/schemas";
import { StatusCounts } from "@/lib/runs/schemas";
import { CaseSelectionFields, Priority, refineSelection } from "./selection";

export const EntryStatus = z.enum(["PASSED", "FAILED", "BLOCKED", "SKIPPED", "RETEST", "UNTESTED"]);
export type EntryStatus = z.infer<typeof EntryStatus>;

export const AddEntriesInput = z.strictObject(CaseSelectionFields).superRefine((v, ctx) => refineSelection(v, ctx, true));

export const AddEntriesOutcome = z.object({
  added: z.number().int().describe("Entries created now"),
  alreadyInRun: z.number().int().describe("Selected cases the run already held"),
  counts: StatusCounts,
});

const UserRef = z.object({ id: Id, name: z.string(), email: z.string() });

export const RunEntry = z.object({
  id: Id,
  runId: Id,
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  priority: Priority,
  caseVersion: z.number().int(),
  position: z.number().int(),
  suite: z.object({ id: Id, name: z.string(), path: z.string().describe("Suite names from the root, joined by ' / '") }).nullable(),
  assignee: UserRef.nullable(),
  status: EntryStatus,
  flaky: z.boolean(),
  attempts: z.number().int(),
  lastResultAt: Timestamp.nullable(),
  comment: z.string().nullable().describe("The latest attempt's comment, if the tester wrote one"),
  quarantined: z.boolean().describe("The latest attempt ran while the case was quarantined (marked by the CI reporter)"),
  rule: z
    .object({ id: Id, name: z.string(), defectKey: z.string() })
    .nullable()
    .describe("The known-failure rule the latest attempt's error matched, with the defect it links"),
});
export type RunEntry = z.infer<typeof RunEntry>;

export const EntryListQuery = PageParams.extend({
  status: csvEnum(EntryStatus).optional().describe("Comma-separated statuses"),
  assignee: z.string().min(1).max(100).optional().describe("`me`, `none`, or a user id"),
  priority: csvEnum(Priority).optional().describe("Comma-separated priorities"),
  suiteId: Id.optional().describe("Entries of this suite and its sub-suites"),
  q: z.string().trim().max(200).optional().describe("Text in the case title, or a case key like DEMO-12"),
});

export const AssignEntryInput = z.strictObject({ assigneeId: Id.nullable().describe("A TESTER or ADMIN of the project; null unassigns") });

export const BulkAssignInput = z
  .strictObject({
    entryIds: z.array(Id).min(1).max(5000).optional(),
    all: z.literal(true).optional().describe("Every entry of the run"),
    assigneeId: Id.nullable().describe("A TESTER or ADMIN of the project; null unassigns"),
  })
  .superRefine((v, ctx) => {
    if (!v.entryIds === !v.all) ctx.addIssue({ code: "custom", path: ["entryIds"], message: "Give entryIds or all: true" });
  });

export const AssignOutcome = z.object({ updated: z.number().int() });

export const MANUAL_STATUSES = ["PASSED", "FAILED", "BLOCKED", "SKIPPED", "RETEST"] as const;
export const StepStatus = z.enum(["PASSED", "FAILED", "BLOCKED", "SKIPPED", "UNTESTED"]);

export const MAX_COMMENT_CHARS = 20_000;

export const ManualResultInput = z.strictObject({
  status: z.enum(MANUAL_STATUSES),
  comment: z.string().max(MAX_COMMENT_CHARS).optional().describe("Markdown, stored as sent and sanitised when shown"),
  stepResults: z
    .array(
      z.strictObject({
        index: z.number().int().min(0).describe("0-based position in the executed case version's steps"),
        status: StepStatus,
        comment: z.string().max(5_000).optional(),
      }),
    )
    .max(500)
    .optional()
    .superRefine((steps, ctx) => {
      const seen = new Set<number>();
      steps?.forEach((s, i) => {
        if (seen.has(s.index)) ctx.addIssue({ code: "custom", path: [i, "index"], message: `Step ${s.index} is given twice` });
        seen.add(s.index);
      });
    }),
  durationMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000).optional(),
  defect: z
    .strictObject({
      key: z.string().trim().min(1).max(100),
      url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
      tracker: z.enum(["JIRA", "GITHUB", "LINEAR", "OTHER"]).optional().describe("OTHER when not given"),
    })
    .optional(),
  idempotencyKey: z.string().trim().min(1).max(200).optional().describe("Client-chosen; saving again with the same key stores nothing new"),
});
export type ManualResultInput = z.input<typeof ManualResultInput>;

export const ManualResult = z.object({
  id: Id,
  entryId: Id,
  status: z.enum(MANUAL_STATUSES),
  attempt: z.number().int(),
  comment: z.string().nullable(),
  stepResults: z.array(z.object({ index: z.number().int(), status: StepStatus, comment: z.string().optional() })).nullable(),
  durationMs: z.number().int().nullable(),
  executedBy: z.object({ id: Id, name: z.string() }).nullable(),
  executedAt: Timestamp,
  idempotencyKey: z.string(),
  defect: z.object({ id: Id, tracker: z.string(), key: z.string(), url: z.string().nullable() }).nullable(),
});

export const ManualResultOutcome = z.object({
  duplicate: z.boolean().describe("True when the idempotency key was used before: nothing new was stored"),
  result: ManualResult,
  entry: z.object({ id: Id, status: EntryStatus, flaky: z.boolean(), attempts: z.number().int(), lastResultAt: Timestamp.nullable() }),
  run: z.object({ id: Id, status: z.enum(["PLANNED", "IN_PROGRESS", "COMPLETED", "ABORTED"]), counts: StatusCounts }),
});
export type ManualResultOutcome = z.infer<typeof ManualResultOutcome>;

export const MyWorkRun = z.object({
  id: Id,
  name: z.string(),
  status: z.enum(["PLANNED", "IN_PROGRESS"]),
  project: z.object({ id: Id, key: z.string(), name: z.string() }),
  environment: z.object({ id: Id, name: z.string() }),
  assigned: z.number().int().describe("Entries assigned to me"),
  untested: z.number().int().describe("My entries not run yet"),
  open: z.number().int().describe("My entries UNTESTED or RETEST"),
  entries: z
    .array(z.object({ id: Id, caseKey: z.string(), title: z.string(), priority: Priority, status: EntryStatus }))
    .describe("My entries in run order, open ones first (at most 100)"),
});

export const MyWorkGroup = z.object({
  milestone: z.object({ id: Id, name: z.string(), dueDate: Timestamp.nullable(), status: z.string() }),
  project: z.object({ id: Id, key: z.string(), name: z.string() }),
  runs: z.array(MyWorkRun),
});

export const MyWork = z.object({ data: z.array(MyWorkGroup) });
export type MyWork = z.infer<typeof MyWork>;
