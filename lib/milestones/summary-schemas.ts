import { StatusCounts } from "@/lib/runs/schemas";
import { z } from "zod";
import { DateTimeInput, Id, Timestamp } from "@/lib/api/schemas";
import { Priority } from "@/lib/projects/schemas";
import { MilestoneStatus } from "./schemas";
import { ExploratoryNumbers } from "@/lib/exploratory/schemas";
import { CoverageTotals } from "@/lib/requirements/schemas";

export const Verdict = z.enum(["GO", "NO_GO"]);
export type Verdict = z.infer<typeof Verdict>;

export const ReasonCode = z.enum(["RUNS_INCOMPLETE", "BLOCKING_FAILURES", "PASS_RATE_BELOW_THRESHOLD", "UNTRACKED_FAILURES", "REQUIREMENTS_NOT_COVERED"]);
export const Reason = z.object({ code: ReasonCode, message: z.string() });
export type Reason = z.infer<typeof Reason>;

export const RiskLevel = z
  .enum(["ON_TRACK", "AT_RISK", "OVERDUE", "NOT_STARTED"])
  .describe(
    "Schedule risk, separate from the verdict. NOT_STARTED: no runs, or nothing executed yet (before the due date). OVERDUE: the due date passed with runs still open. AT_RISK: the forecast finishes after the due date, or runs are incomplete inside the warning window. ON_TRACK: otherwise, and always once every run is complete or the milestone is COMPLETED",
  );

/** The same counters a run carries, summed over the milestone's non-aborted runs. */
export const SummaryCounts = StatusCounts;
export type SummaryCounts = StatusCounts;

export const SummaryRuns = z.object({
  total: z.number().int(),
  planned: z.number().int(),
  inProgress: z.number().int(),
  completed: z.number().int(),
  aborted: z.number().int(),
});
export type SummaryRuns = z.infer<typeof SummaryRuns>;

const EnvironmentRef = z.object({ id: Id, name: z.string() });

export const DefectRef = z.object({ id: Id, tracker: z.string(), key: z.string(), url: z.string().nullable(), status: z.string().nullable() });
export const WaiverRef = z.object({ id: Id, reason: z.string(), createdAt: Timestamp, expiresAt: Timestamp.nullable() });
const UserRef = z.object({ id: Id, name: z.string() });

/** A (case, environment) whose latest executed entry failed or was blocked. */
const FailingCase = z.object({
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  priority: Priority,
  status: z.enum(["FAILED", "BLOCKED"]),
  environment: EnvironmentRef,
});

export const OpenFailure = FailingCase.extend({
  runId: Id.describe("The run of the most recent executed entry"),
  since: Timestamp.nullable().describe("When the current failure streak of this case in this environment began"),
  defect: DefectRef.nullable(),
  comment: z
    .string()
    .nullable()
    .describe("The latest comment a tester saved with a FAILED or BLOCKED result of this case in this environment during the current streak"),
  waiver: WaiverRef.nullable().describe(
    "The waiver that covered this failure and has expired (the failure is open again); null when none. An active waiver moves the failure to waivedFailures",
  ),
});
export type OpenFailure = z.infer<typeof OpenFailure>;

export const WaivedFailure = FailingCase.extend({
  waiverId: Id.describe("For DELETE .../milestones/{milestoneId}/waivers/{waiverId}"),
  milestoneId: Id.describe("The milestone the waiver was granted on (this one or a release above it)"),
  reason: z.string(),
  waivedBy: UserRef.nullable().describe("null when that user was deleted"),
  waivedAt: Timestamp,
  expiresAt: Timestamp.nullable(),
});
export type WaivedFailure = z.infer<typeof WaivedFailure>;

export const SummaryRules = z.object({
  passRateThreshold: z.number(),
  blockingPriorities: z.array(Priority),
  warningWindowDays: z.number().int(),
  requireCoverage: z.boolean().describe("In-scope requirements that are NOK or UNCOVERED block a GO"),
});
export type SummaryRules = z.infer<typeof SummaryRules>;

export const Risk = z.object({
  level: RiskLevel,
  daysLeft: z.number().int().nullable().describe("Calendar days (UTC) until the due date; negative when overdue; null without one"),
  incompleteRunsPercent: z.number().describe("Runs PLANNED or IN_PROGRESS, of the runs that are not ABORTED"),
  forecastFinish: Timestamp.nullable().describe("Open entries ÷ executions per day over the last 7 days; null when nothing is open or nothing ran lately"),
  message: z.string().describe("One sentence about the schedule: due date, incomplete runs and the forecast finish date"),
});
export type Risk = z.infer<typeof Risk>;

export const EnvironmentSummary = z.object({
  environment: EnvironmentRef,
  passRate: z.number().nullable(),
  counts: SummaryCounts,
  verdict: Verdict,
});

export const SignoffView = z.object({
  id: Id,
  user: z.object({ id: Id, name: z.string(), email: z.string() }),
  decision: z.enum(["APPROVED", "REJECTED"]),
  comment: z.string(),
  verdictAtSignoff: z.string().nullable(),
  createdAt: Timestamp,
  stale: z.boolean().describe("Runs, results or waivers changed after this sign-off"),
});
export type SignoffView = z.infer<typeof SignoffView>;

export const MilestoneRef = z.object({ id: Id, name: z.string(), dueDate: Timestamp.nullable(), status: MilestoneStatus });

export const ChildSummary = z.object({
  milestone: MilestoneRef,
  verdict: Verdict,
  passRate: z.number().nullable(),
  progress: z.number(),
  counts: SummaryCounts,
  runs: SummaryRuns,
  openFailures: z.number().int(),
});

export const MilestoneSummary = z.object({
  milestone: MilestoneRef,
  environment: EnvironmentRef.nullable().describe("The environment filter, when one was given"),
  verdict: Verdict,
  reasons: z.array(Reason),
  passRate: z.number().nullable().describe("PASSED ÷ executed entries, percent with one decimal; null when nothing was executed"),
  passRateThreshold: z.number(),
  progress: z.number().describe("Entries that are not UNTESTED or RETEST, percent with one decimal"),
  counts: SummaryCounts,
  openFailures: z.array(OpenFailure),
  waivedFailures: z
    .array(WaivedFailure)
    .describe("Failures that would be open but an active waiver (not revoked, not expired) accepts them; they do not count against the verdict"),
  rules: SummaryRules.describe("The project's go/no-go rules the verdict was computed with"),
  runs: SummaryRuns,
  risk: Risk,
  environments: z.array(EnvironmentSummary),
  signoffs: z.array(SignoffView),
  children: z.array(ChildSummary),
  exploratory: ExploratoryNumbers.describe("Exploratory sessions of the milestone and its phases, and their findings"),
  coverage: CoverageTotals.describe("Requirements in scope of the milestone and its phases, by coverage status (GET .../coverage has the detail)"),
  generatedAt: Timestamp,
});
export type MilestoneSummary = z.infer<typeof MilestoneSummary>;

export const GateResult = z.object({
  verdict: Verdict,
  reasons: z.array(Reason),
  passRate: z.number().nullable(),
  milestone: MilestoneRef,
});
export type GateResult = z.infer<typeof GateResult>;

export const SummaryQuery = z.object({
  environment: z.string().trim().min(1).max(200).optional().describe("Environment id or name: only that environment's runs count"),
});

export const GateQuery = SummaryQuery.extend({
  strict: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .describe("1: answer 412 (same body) on NO_GO, so `curl -f` fails the job"),
});

export const BadgeQuery = z.object({
  sig: z.string().max(200).optional().describe("Signed link: lets the badge be fetched without a key (see `badgeUrl` in the summary page)"),
  environment: z.string().trim().min(1).max(200).optional(),
});

// ---------------------------------------------------------------- closing the loop

export const CreateWaiverInput = z.strictObject({
  caseId: z.string().trim().min(1).max(100).describe("Test case id or key, like DEMO-12"),
  environmentId: Id.nullable().default(null).describe("The environment waived; null waives the case in every environment"),
  reason: z.string().trim().min(1, "Say why the failure is accepted").max(2000),
  expiresAt: DateTimeInput.nullable().default(null).describe("Optional, in the future: after it the waiver lapses and the failure counts as open again"),
});
export type CreateWaiverInput = z.input<typeof CreateWaiverInput>;

export const Waiver = z.object({
  id: Id,
  milestoneId: Id,
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  environment: EnvironmentRef.nullable(),
  reason: z.string(),
  createdBy: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  active: z.boolean(),
});
export type Waiver = z.infer<typeof Waiver>;

export const CreateSignoffInput = z.strictObject({
  comment: z.string().trim().max(2000).default(""),
  decision: z.enum(["APPROVED", "REJECTED"]).default("APPROVED"),
});
export type CreateSignoffInput = z.input<typeof CreateSignoffInput>;

export const CompleteMilestoneInput = z.strictObject({
  override: z
    .strictObject({ reason: z.string().trim().min(1, "Say why the milestone completes anyway").max(2000) })
    .optional()
    .describe("ADMIN only: complete although checklist items are unmet; recorded with the reason"),
});
export type CompleteMilestoneInput = z.input<typeof CompleteMilestoneInput>;

export const ChecklistCode = z.enum([...ReasonCode.options, "NOT_SIGNED_OFF"]);
