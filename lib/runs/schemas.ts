import { z } from "zod";
import { Description, Id, Name, PageParams, Timestamp, csvEnum } from "@/lib/api/schemas";
import { CaseSelectionFields, refineSelection } from "@/lib/entries/selection";
import { Charter, FindingCounts, SessionVerdict, TimeBoxMinutes, VerdictSummary } from "@/lib/exploratory/schemas";

export const RunKind = z.enum(["MANUAL", "AUTOMATED", "EXPLORATORY"]);
export const RunStatus = z.enum(["PLANNED", "IN_PROGRESS", "COMPLETED", "ABORTED"]);
export type RunStatus = z.infer<typeof RunStatus>;

export const CiBuildId = z.string().trim().min(1).max(200);

/** The build under test: a version, commit SHA or build number. */
export const Build = z.string().trim().min(1).max(200);

export const Shard = z
  .strictObject({ current: z.number().int().min(1), total: z.number().int().min(1).max(1000) })
  .refine((s) => s.current <= s.total, { message: "current must be between 1 and total", path: ["current"] });
export type Shard = z.infer<typeof Shard>;

/** Exploratory sessions (kind EXPLORATORY) only. */
const SessionFields = {
  charter: Charter.optional().describe("EXPLORATORY only: what the session explores, in markdown"),
  timeBoxMinutes: TimeBoxMinutes.optional().describe("EXPLORATORY only: the planned length in minutes (60 when not given)"),
  verdict: SessionVerdict.optional().describe("EXPLORATORY only: how the session ended; required to complete one"),
  verdictSummary: VerdictSummary.optional().describe("EXPLORATORY only: what the session found, in markdown"),
};

type SessionShape = {
  kind?: string;
  status?: string;
  charter?: string;
  timeBoxMinutes?: number;
  verdict?: string;
  verdictSummary?: string;
  caseIds?: unknown;
  suiteIds?: unknown;
  filter?: unknown;
  ciBuildId?: string | null;
  shard?: unknown;
};

function refineSession(v: SessionShape, ctx: z.RefinementCtx): void {
  if (v.kind !== "EXPLORATORY") {
    for (const field of ["charter", "timeBoxMinutes", "verdict", "verdictSummary"] as const) {
      if (v[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: "Only exploratory sessions (kind EXPLORATORY) have this" });
    }
    return;
  }
  for (const field of ["caseIds", "suiteIds", "filter"] as const) {
    if (v[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: "An exploratory session has no planned cases; it records notes instead" });
  }
  if (v.ciBuildId) ctx.addIssue({ code: "custom", path: ["ciBuildId"], message: "An exploratory session is not a CI build" });
  if (v.shard) ctx.addIssue({ code: "custom", path: ["shard"], message: "An exploratory session is not a CI build" });
  if (v.status === "COMPLETED" && !v.verdict) ctx.addIssue({ code: "custom", path: ["verdict"], message: "A completed exploratory session needs a verdict" });
  if (v.verdict && v.status !== "COMPLETED") ctx.addIssue({ code: "custom", path: ["verdict"], message: "The verdict is given when the session completes (status COMPLETED)" });
}

/**
 * Milestone and environment by id, or by name (`milestone`, `environment`) so CI needs no lookup.
 * A planned run gets its entries from one of `caseIds`, `suiteIds` or `filter`.
 */
export const CreateRunInput = z
  .strictObject({
    name: Name,
    description: Description.default(""),
    milestoneId: Id.optional(),
    milestone: z.string().trim().min(1).max(200).optional().describe("Milestone id or name, instead of milestoneId"),
    environmentId: Id.optional(),
    environment: z.string().trim().min(1).max(100).optional().describe("Environment name (or id), instead of environmentId; an unknown name is created for project admins"),
    kind: RunKind.default("MANUAL"),
    status: RunStatus.default("PLANNED"),
    ciBuildId: CiBuildId.nullable().default(null),
    build: Build.nullable().default(null).describe("The build under test: a version, commit SHA or build number (up to 200 characters)"),
    shard: Shard.optional().describe("This shard of a sharded CI build; the run completes when every shard has completed"),
    ...CaseSelectionFields,
    ...SessionFields,
  })
  .superRefine((v, ctx) => {
    refineSelection(v, ctx, false);
    refineSession(v, ctx);
    for (const [idField, nameField] of [["milestoneId", "milestone"], ["environmentId", "environment"]] as const) {
      if (!v[idField] && !v[nameField]) ctx.addIssue({ code: "custom", path: [idField], message: `Give ${idField} or ${nameField}` });
      if (v[idField] && v[nameField]) ctx.addIssue({ code: "custom", path: [nameField], message: `Give ${idField} or ${nameField}, not both` });
    }
  });
export type CreateRunInput = z.input<typeof CreateRunInput>;

export const UpdateRunInput = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
  milestoneId: Id.optional(),
  environmentId: Id.optional(),
  status: RunStatus.optional(),
  build: Build.nullable().optional().describe("The build under test; null clears it"),
  charter: Charter.optional().describe("EXPLORATORY only"),
  timeBoxMinutes: TimeBoxMinutes.optional().describe("EXPLORATORY only"),
  verdict: SessionVerdict.optional().describe("EXPLORATORY only: set when completing the session (status COMPLETED), or on a completed one"),
  verdictSummary: VerdictSummary.optional().describe("EXPLORATORY only"),
});
export type UpdateRunInput = z.input<typeof UpdateRunInput>;

/** `POST .../rerun`: a new run of the failed and blocked entries. */
export const RerunInput = z.strictObject({ name: Name.optional().describe('Defaults to "<source name> (re-run)"') });

/** `POST .../complete`: without a body the run completes; with a shard, only that shard is marked done. */
export const CompleteRunInput = z.strictObject({ shard: Shard.optional() });

export const StatusCounts = z.object({
  total: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  blocked: z.number().int(),
  skipped: z.number().int(),
  retest: z.number().int(),
  untested: z.number().int(),
  flaky: z.number().int(),
});
export type StatusCounts = z.infer<typeof StatusCounts>;

const Ref = z.object({ id: Id, name: z.string() });

export const TestRun = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  description: z.string(),
  kind: RunKind,
  status: RunStatus,
  ciBuildId: z.string().nullable(),
  build: z.string().nullable().describe("The build under test: a version, commit SHA or build number"),
  shards: z.object({ total: z.number().int(), completed: z.array(z.number().int()) }).nullable(),
  completionReason: z.enum(["MANUAL", "SHARDS", "TIMEOUT"]).nullable().describe("How the run was completed: by a person or call, by its last shard, or by the inactivity sweeper"),
  lastActivityAt: Timestamp.nullable(),
  sourceRunId: Id.nullable().describe("The run whose failures this run re-runs"),
  milestone: Ref,
  environment: Ref,
  counts: StatusCounts,
  charter: z.string().nullable().describe("EXPLORATORY: the session's charter (markdown); null for other kinds"),
  timeBoxMinutes: z.number().int().nullable().describe("EXPLORATORY: the time box in minutes; the timer runs from startedAt"),
  verdict: SessionVerdict.nullable().describe("EXPLORATORY: how the session ended, once COMPLETED"),
  verdictSummary: z.string().nullable(),
  findings: FindingCounts.nullable().describe("EXPLORATORY: the session's notes by kind (bugs, questions, ideas, notes); null for other kinds"),
  startedAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TestRun = z.infer<typeof TestRun>;

export const RunListQuery = PageParams.extend({
  milestoneId: Id.optional(),
  environmentId: Id.optional(),
  status: csvEnum(RunStatus).optional().describe("Comma-separated statuses"),
  kind: csvEnum(RunKind).optional().describe("Comma-separated kinds"),
  ciBuildId: CiBuildId.optional(),
  build: Build.optional().describe("Only runs of this build"),
});
