import { z } from "zod";
import { Id, Timestamp } from "@/lib/api/schemas";
import { MilestoneCompletion, MilestoneStatus } from "@/lib/milestones/schemas";
import {
  EnvironmentSummary,
  OpenFailure,
  Reason,
  SignoffView,
  SummaryCounts,
  SummaryRules,
  SummaryRuns,
  Verdict,
  WaivedFailure,
  Waiver,
} from "@/lib/milestones/summary-schemas";
import { Priority } from "@/lib/projects/schemas";
import { MilestoneCoverage } from "@/lib/requirements/schemas";
import { ResultStatus } from "@/lib/results/schemas";
import { RunKind, RunStatus } from "@/lib/runs/schemas";

/** The manifest's format; a reader that knows this value knows every field below. */
export const EVIDENCE_FORMAT = "qa-studio-evidence/1";

const Person = z.object({ id: Id, name: z.string(), email: z.string() });
const NamedRef = z.object({ id: Id, name: z.string() });

export const EvidenceMilestone = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  status: MilestoneStatus,
  dueDate: Timestamp.nullable(),
  createdAt: Timestamp,
  parent: NamedRef.nullable().describe("The release this milestone is a phase of"),
  phases: z
    .array(z.object({ id: Id, name: z.string(), status: MilestoneStatus, dueDate: Timestamp.nullable() }))
    .describe("Every milestone below this one (their runs count here), by due date, name and id"),
});

export const EvidenceVerdict = z.object({
  verdict: Verdict,
  reasons: z.array(Reason),
  passRate: z.number().nullable(),
  progress: z.number(),
  counts: SummaryCounts,
  runs: SummaryRuns,
  environments: z.array(EnvironmentSummary),
});

export const EvidenceRun = z.object({
  id: Id,
  name: z.string(),
  kind: RunKind,
  status: RunStatus,
  milestone: NamedRef.describe("This milestone, or the phase the run belongs to"),
  environment: NamedRef,
  ciBuildId: z.string().nullable(),
  createdAt: Timestamp,
  createdBy: Person.nullable(),
  assignee: Person.nullable(),
  startedAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  completionReason: z.string().nullable(),
  counts: SummaryCounts,
  firstResultAt: Timestamp.nullable().describe("The first result recorded in the run"),
  lastResultAt: Timestamp.nullable().describe("The last result recorded in the run"),
  executors: z
    .array(Person.extend({ results: z.number().int() }))
    .describe("Who recorded the run's results (every attempt), by name and id; results without a recorded user are not listed"),
});

export const EvidenceEntry = z.object({
  id: Id,
  runId: Id,
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  priority: Priority,
  status: ResultStatus.describe("The entry's status: its latest attempt's"),
  flaky: z.boolean(),
  attempts: z.number().int(),
  executedAt: Timestamp.nullable().describe("When the latest attempt was recorded; null when untested"),
  executedBy: Person.nullable(),
  durationMs: z.number().int().nullable(),
  comment: z.string().nullable(),
  defect: z
    .object({ tracker: z.string(), key: z.string(), url: z.string().nullable() })
    .nullable()
    .describe("The defect linked with the latest attempt, or else the newest one linked with the entry"),
});

export const ChecklistItem = z.object({
  code: z.string().describe("RUNS_INCOMPLETE, BLOCKING_FAILURES, PASS_RATE_BELOW_THRESHOLD, UNTRACKED_FAILURES, DEFECTS_RESOLVED, NOT_SIGNED_OFF, and any verdict reason the project's rules add"),
  met: z.boolean(),
  message: z.string(),
});

export const EvidenceChecklist = z.object({
  items: z.array(ChecklistItem).describe("The completion checklist as it stands at generation (defect statuses as last read from the tracker)"),
  completion: MilestoneCompletion.nullable().describe("Who completed the milestone, and any override with its reason"),
});

export const EvidenceCoverage = MilestoneCoverage.omit({ milestone: true, environment: true }).describe(
  "Requirements coverage over every environment, as GET .../milestones/{milestoneId}/coverage answers it: requirements by key, cases by number, environments by name",
);
export type EvidenceCoverage = z.infer<typeof EvidenceCoverage>;

export const EvidenceAuditEntry = z.object({
  id: Id,
  at: Timestamp,
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  entityName: z.string().nullable(),
  actor: Person.nullable(),
  apiKey: z.object({ name: z.string(), prefix: z.string() }).nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});

export const EvidenceManifest = z.object({
  format: z.literal(EVIDENCE_FORMAT),
  project: z.object({ id: Id, key: z.string(), name: z.string() }),
  milestone: EvidenceMilestone,
  rules: SummaryRules.describe("The go/no-go rules in force, the ones the verdict used"),
  verdict: EvidenceVerdict.describe("The verdict and its reasons at generation, over the milestone and its phases"),
  runs: z.array(EvidenceRun).describe("Every run of the milestone and its phases (ABORTED ones included), by environment name, creation time and id"),
  entries: z.array(EvidenceEntry).describe("Every entry of the runs that count (not ABORTED), in the order of `runs`, then by position and id"),
  openFailures: z.array(OpenFailure).describe("By priority, case key and environment"),
  waivedFailures: z.array(WaivedFailure).describe("Failures an active waiver accepts, by priority, case key and environment"),
  waivers: z.array(Waiver).describe("Every waiver granted on the milestone or its phases, revoked and expired ones included, oldest first"),
  signoffs: z.array(SignoffView).describe("Oldest first"),
  checklist: EvidenceChecklist,
  coverage: EvidenceCoverage,
  audit: z.array(EvidenceAuditEntry).describe("The milestone's audit trail, oldest first: the milestone and its phases, their waivers, runs and entries, defects filed from those entries, notes of their exploratory sessions"),
});
export type EvidenceManifest = z.infer<typeof EvidenceManifest>;
export type EvidenceRun = z.infer<typeof EvidenceRun>;
export type EvidenceEntry = z.infer<typeof EvidenceEntry>;
export type EvidenceAuditEntry = z.infer<typeof EvidenceAuditEntry>;
export type EvidenceChecklist = z.infer<typeof EvidenceChecklist>;
export type EvidenceMilestone = z.infer<typeof EvidenceMilestone>;
export type EvidenceVerdict = z.infer<typeof EvidenceVerdict>;

export const EvidenceDocument = z.object({
  sha256: z.string().describe("SHA-256 (hex) of the manifest's canonical serialization: keys sorted, no whitespace, lists in the order described"),
  generatedAt: Timestamp.describe("When the pack was generated; outside the hashed manifest"),
  manifest: EvidenceManifest,
});
