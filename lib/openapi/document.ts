import { z } from "zod";
import { ErrorBody, Id, PageParams, pageOf } from "@/lib/api/schemas";
import { ATTACHMENT_CONTENT_TYPES } from "@/lib/attachments/content-types";
import { Attachment, UploadAttachmentQuery } from "@/lib/attachments/schemas";
import { AuditListQuery, AuditLogEntry } from "@/lib/audit/schemas";
import { AuthenticatorToken, CreateAuthenticatorTokenInput, TotpCode, UpdateAuthenticatorTokenInput } from "@/lib/authenticators/schemas";
import { BulkCaseInput, BulkOutcome, CaseExportQuery, CaseListQuery, CaseVersion, CreateCaseInput, ImportOutcome, TestCase, TestRailImportOutcome, UpdateCaseInput } from "@/lib/cases/schemas";
import {
  CoverageQuery,
  CreateRequirementInput,
  JiraRequirementImportInput,
  JiraRequirementImportOutcome,
  MilestoneCoverage,
  MilestoneRequirements,
  Requirement,
  RequirementListQuery,
  SetMilestoneRequirementsInput,
  UpdateRequirementInput,
} from "@/lib/requirements/schemas";
import { AddEntriesInput, AddEntriesOutcome, AssignEntryInput, AssignOutcome, BulkAssignInput, EntryListQuery, ManualResultInput, ManualResultOutcome, MyWork, RunEntry } from "@/lib/entries/schemas";
import { SelectionPreview, SelectionPreviewParams } from "@/lib/entries/selection";
import { DefectLink, DefectList, FileDefectInput, MilestoneDefects, MilestoneDefectsQuery } from "@/lib/defects/schemas";
import { JiraConnectionCheck, JiraProjectInput, JiraProjectSettings, JiraSettings, JiraSettingsInput } from "@/lib/jira/schemas";
import { CreateNoteInput, Note, NoteAttachment, NoteListQuery, UpdateNoteInput } from "@/lib/exploratory/schemas";
import { CreateEnvironmentInput, Environment, UpdateEnvironmentInput } from "@/lib/environments/schemas";
import { AddMemberInput, Member, UpdateMemberInput } from "@/lib/members/schemas";
import {
  CreateMilestoneInput,
  Milestone,
  MilestoneListQuery,
  MilestoneStatus,
  RunCounts,
  UpdateMilestoneInput,
} from "@/lib/milestones/schemas";
import {
  CompleteMilestoneInput,
  CreateSignoffInput,
  CreateWaiverInput,
  BadgeQuery,
  GateQuery,
  GateResult,
  MilestoneSummary,
  SignoffView,
  SummaryBuildQuery,
  SummaryQuery,
  Waiver,
} from "@/lib/milestones/summary-schemas";
import { CompareQuery, Comparison } from "@/lib/milestones/compare-schemas";
import { MilestoneActivity } from "@/lib/milestones/activity-schemas";
import { EvidenceDocument } from "@/lib/evidence/schemas";
import { CreateProjectInput, Project, ProjectRoleSchema, UpdateProjectInput } from "@/lib/projects/schemas";
import { CreateRunInput, RerunInput, RunKind, RunListQuery, RunStatus, StatusCounts, TestRun, UpdateRunInput } from "@/lib/runs/schemas";
import { JunitOutcome } from "@/lib/results/junit/schemas";
import { BatchOutcome, CaseHistory, CaseHistoryQuery, ResultBatchShape, ResultEntry, ResultListQuery } from "@/lib/results/schemas";
import { ApiKey, CreateApiKeyInput, CreatedApiKey } from "@/lib/tokens/schemas";
import { CreateSuiteInput, DeletedSuite, Suite, SuiteTree, UpdateSuiteInput } from "@/lib/suites/schemas";
import { MarkReadInput, NotificationList, NotificationQuery, SlackCommandReply, SlackSettings, SlackTestResult, UnreadCount, UpdateSlackSettingsInput } from "@/lib/slack/schemas";
import { CreateUserInput, SavedUser, UpdateUserInput, User, UserListQuery } from "@/lib/users/schemas";
import { Health, Readiness } from "@/lib/health/schemas";
import { CreateQuarantineInput, Quarantine, QuarantineList } from "@/lib/quarantine/schemas";
import { CreateFailureRuleInput, FailureRule, FailureRuleList } from "@/lib/failure-rules/schemas";
import { FailureClusterList } from "@/lib/failure-clusters/schemas";
import type { JsonSchema, OpenApiDocument, Operation, Parameter, Response } from "./types";

/**
 * The OpenAPI 3.1 document for /api, generated from the zod schemas the route handlers parse
 * with. Hand-written here: one row per operation (method, path, summary, which schemas) and the
 * error rules. Everything describing a field comes from zod, so it cannot drift from validation.
 * Zod-only imports: no database, no auth, safe for the docs page and a public route.
 */

// ---------------------------------------------------------------- component schemas

/** Response schemas, converted as zod *outputs* (what the server sends). */
const OUTPUT_SCHEMAS = {
  Health,
  Readiness,
  RunEntry,
  RunEntryPage: pageOf(RunEntry),
  AddEntriesOutcome,
  AssignOutcome,
  ManualResultOutcome,
  MyWork,
  SelectionPreview,
  Suite,
  SuiteTree,
  DeletedSuite,
  TestCase,
  TestCasePage: pageOf(TestCase),
  CaseVersion,
  CaseVersionPage: pageOf(CaseVersion),
  BulkOutcome,
  ImportOutcome,
  ErrorBody,
  Project,
  ProjectPage: pageOf(Project),
  ProjectRole: ProjectRoleSchema,
  Environment,
  EnvironmentPage: pageOf(Environment),
  Milestone,
  MilestonePage: pageOf(Milestone),
  MilestoneStatus,
  RunCounts,
  MilestoneSummary,
  GateResult,
  MilestoneActivity,
  EvidenceDocument,
  Waiver,
  WaiverPage: pageOf(Waiver),
  Signoff: SignoffView,
  SignoffPage: pageOf(SignoffView),
  TestRun,
  TestRunPage: pageOf(TestRun),
  RunKind,
  RunStatus,
  StatusCounts,
  ApiKey,
  ApiKeyPage: pageOf(ApiKey),
  CreatedApiKey,
  User,
  UserPage: pageOf(User),
  SavedUser,
  Member,
  MemberPage: pageOf(Member),
  AuditLogEntry,
  AuditLogPage: pageOf(AuditLogEntry),
  BatchOutcome,
  ResultEntryPage: pageOf(ResultEntry),
  CaseHistory,
  JunitOutcome,
  Attachment,
  AttachmentPage: pageOf(Attachment),
  Note,
  NotePage: pageOf(Note),
  NoteAttachment,
  DefectLink,
  DefectList,
  MilestoneDefects,
  JiraSettings,
  JiraProjectSettings,
  JiraConnectionCheck,
  AuthenticatorToken,
  AuthenticatorTokenPage: pageOf(AuthenticatorToken),
  TotpCode,
  SlackSettings,
  SlackTestResult,
  SlackCommandReply,
  NotificationList,
  UnreadCount,
  Comparison,
  Quarantine,
  QuarantineList,
  FailureRule,
  FailureRuleList,
  FailureClusterList,
  TestRailImportOutcome,
  Requirement,
  RequirementPage: pageOf(Requirement),
  MilestoneRequirements,
  MilestoneCoverage,
  JiraRequirementImportOutcome,
} satisfies Record<string, z.ZodType>;

/** Request bodies, converted as zod *inputs* (defaults make fields optional, transforms show their input). */
const INPUT_SCHEMAS = {
  AddEntriesInput,
  AssignEntryInput,
  BulkAssignInput,
  ManualResultInput,
  RerunInput,
  CreateSuiteInput,
  UpdateSuiteInput,
  CreateCaseInput,
  UpdateCaseInput,
  BulkCaseInput,
  CreateProjectInput,
  UpdateProjectInput,
  CreateEnvironmentInput,
  UpdateEnvironmentInput,
  CreateMilestoneInput,
  UpdateMilestoneInput,
  MilestoneStatus,
  CreateWaiverInput,
  CreateSignoffInput,
  CompleteMilestoneInput,
  CreateRunInput,
  UpdateRunInput,
  RunKind,
  RunStatus,
  CreateApiKeyInput,
  CreateUserInput,
  UpdateUserInput,
  AddMemberInput,
  UpdateMemberInput,
  ResultBatch: ResultBatchShape,
  CreateNoteInput,
  UpdateNoteInput,
  FileDefectInput,
  JiraSettingsInput,
  JiraProjectInput,
  CreateAuthenticatorTokenInput,
  UpdateAuthenticatorTokenInput,
  UpdateSlackSettingsInput,
  MarkReadInput,
  CreateQuarantineInput,
  CreateFailureRuleInput,
  CreateRequirementInput,
  UpdateRequirementInput,
  SetMilestoneRequirementsInput,
  JiraRequirementImportInput,
} satisfies Record<string, z.ZodType>;

type OutputName = keyof typeof OUTPUT_SCHEMAS;
type InputName = keyof typeof INPUT_SCHEMAS;

/** A mistake in the operation table below (a bug, caught by tests/integration/openapi.test.ts). */
class OpenApiDefinitionError extends Error {
  name = "OpenApiDefinitionError";
}

const schemaRef = (name: string) => `#/components/schemas/${name}`;

// ---------------------------------------------------------------- operations

type Method = "get" | "post" | "patch" | "put" | "delete";
type Tag = "Projects" | "Environments" | "Milestones" | "Requirements" | "Test runs" | "Results" | "Suites" | "Test cases" | "Attachments" | "API keys" | "Audit log" | "Members" | "Users" | "Authenticator tokens" | "Exploratory sessions" | "Notifications" | "Defects" | "Triage" | "Meta" | "Operations";
/** `raw`: the response is the bytes of a file, in one of these media types, instead of JSON. */
type Success = { status: 200 | 201 | 204 | 206 | 304 | 412; description: string; schema?: OutputName; raw?: readonly string[] };

type OperationRow = {
  method: Method;
  path: string;
  tag: Tag;
  id: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  body?: InputName;
  /** A request body of raw bytes (not JSON) in one of these media types, named by `Content-Type`. */
  rawBody?: readonly string[];
  ok: Success[];
  /** When a read can answer 403 (writes always can), and why. */
  forbidden?: string;
  /** When the operation can answer 409, and why. */
  conflict?: string;
  /** When the operation calls another service that can fail (502), and why. */
  upstream?: string;
  /** No API key or session: open to anyone, or guarded as the description says. */
  public?: boolean;
  /** Error answers outside the usual table (the one error shape), by status: why each happens. */
  errors?: Partial<Record<401 | 404 | 503, { description: string; schema?: OutputName }>>;
};

const P = "/api/projects/{projectId}";
const ok = (schema: OutputName, description = "OK"): Success => ({ status: 200, description, schema });
const created = (schema: OutputName, description = "Created"): Success => ({ status: 201, description, schema });
const noContent = (description = "Deleted"): Success => ({ status: 204, description });

const OPERATIONS: OperationRow[] = [
  // Projects
  { tag: "Projects", method: "get", path: "/api/projects", id: "listProjects", summary: "List the projects you can see", query: PageParams, ok: [ok("ProjectPage")] },
  { tag: "Projects", method: "post", path: "/api/projects", id: "createProject", summary: "Create a project; you become its ADMIN", body: "CreateProjectInput", ok: [created("Project")], conflict: "A project with this key already exists." },
  { tag: "Projects", method: "get", path: P, id: "getProject", summary: "Get one project by id or key", ok: [ok("Project")] },
  { tag: "Projects", method: "patch", path: P, id: "updateProject", summary: "Rename or describe a project, or change its release-readiness settings (ADMIN)", body: "UpdateProjectInput", ok: [ok("Project")] },
  // Environments
  { tag: "Environments", method: "get", path: `${P}/environments`, id: "listEnvironments", summary: "List environments by name", query: PageParams, ok: [ok("EnvironmentPage")] },
  { tag: "Environments", method: "post", path: `${P}/environments`, id: "createEnvironment", summary: "Create an environment", body: "CreateEnvironmentInput", ok: [created("Environment")], conflict: "An environment with this name already exists in the project." },
  { tag: "Environments", method: "get", path: `${P}/environments/{environmentId}`, id: "getEnvironment", summary: "Get one environment", ok: [ok("Environment")] },
  { tag: "Environments", method: "patch", path: `${P}/environments/{environmentId}`, id: "updateEnvironment", summary: "Rename or describe an environment", body: "UpdateEnvironmentInput", ok: [ok("Environment")], conflict: "An environment with this name already exists in the project." },
  { tag: "Environments", method: "delete", path: `${P}/environments/{environmentId}`, id: "deleteEnvironment", summary: "Delete an environment no run uses", ok: [noContent()], conflict: "Test runs use this environment." },
  // Milestones
  { tag: "Milestones", method: "get", path: `${P}/milestones`, id: "listMilestones", summary: "List milestones by due date", description: "Filter by status and by name.", query: MilestoneListQuery, ok: [ok("MilestonePage")] },
  { tag: "Milestones", method: "post", path: `${P}/milestones`, id: "createMilestone", summary: "Create a milestone", body: "CreateMilestoneInput", ok: [created("Milestone")] },
  { tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}`, id: "getMilestone", summary: "Get one milestone with run counts by status", ok: [ok("Milestone")] },
  { tag: "Milestones", method: "patch", path: `${P}/milestones/{milestoneId}`, id: "updateMilestone", summary: "Update a milestone's fields or status", body: "UpdateMilestoneInput", ok: [ok("Milestone")] },
  { tag: "Milestones", method: "delete", path: `${P}/milestones/{milestoneId}`, id: "deleteMilestone", summary: "Delete a milestone without runs or children", description: "A milestone with runs cannot be deleted; archive it instead (`status: ARCHIVED`).", ok: [noContent()], conflict: "The milestone has test runs (archive it instead) or child milestones." },
  {
    tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/summary`, id: "getMilestoneSummary", summary: "The go/no-go summary: verdict, reasons, pass rate, open failures, risk",
    description: "Numbers include the runs of child milestones (phases roll up into their release); `children` shows each direct child. Counts come from the runs' counters (ABORTED runs excluded). An open failure is a (case, environment) whose most recent executed entry FAILED or was BLOCKED, with no active waiver; one with an active waiver (not revoked, not expired) is listed in `waivedFailures` instead. `risk` is the schedule (NOT_STARTED, ON_TRACK, AT_RISK, OVERDUE), separate from the verdict; `rules` are the settings the verdict used. Verdict GO needs every non-aborted run COMPLETED, no open failure of a blocking priority, the pass rate at the project's threshold, and a defect link on every open failure. Thresholds: `PATCH /api/projects/{projectId}` `settings`. `regressions` compares with the baseline milestone (see `.../compare`) and marks each open failure NEW, KNOWN or UNKNOWN; with the setting `blockOn: NEW_FAILURES` only NEW failures of a blocking priority block (reason NEW_REGRESSIONS). `latestBuild` is the build of the most recently started run that has one; `counts.stale` counts the (case, environment) pairs whose latest result came from another build, and `staleCases` lists the CRITICAL and HIGH ones (reason STALE_RESULTS with `requireLatestBuild: true`). `?build=` computes everything over that build's runs only.",
    query: SummaryBuildQuery, ok: [ok("MilestoneSummary")],
  },
  {
    tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/compare`, id: "compareMilestone", summary: "What is new since the baseline: new failures, still failing, fixed, not run now, newly run",
    description: "Per (case, environment), the latest executed result (PASSED, FAILED or BLOCKED) in the milestone and its phases against the same in the baseline (`?baseline=` or the milestone's own, see `baselineMilestoneId`). A new failure is FAILED or BLOCKED now and PASSED in the baseline on the same environment; still failing: failing in both; fixed: failing in the baseline, PASSED now; not run now: executed in the baseline only; newly run: executed now, never in the baseline. Pairs that passed on both sides are not listed. ABORTED runs are ignored.",
    query: CompareQuery, ok: [ok("Comparison")],
  },
  {
    tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/gate`, id: "getMilestoneGate", summary: "The CI gate: verdict and reasons; strict=1 answers 412 on NO_GO",
    description: "For deploy jobs: `curl -fsS -H \"Authorization: Bearer $QA_STUDIO_API_KEY\" \"$URL/api/projects/ECOM/milestones/$ID/gate?strict=1\"` fails the job on NO_GO. The 412 body is the same JSON.",
    query: GateQuery, ok: [ok("GateResult"), { status: 412, description: "NO_GO with strict=1 (same body)", schema: "GateResult" }],
  },
  {
    tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/badge.svg`, id: "getMilestoneBadge", summary: "An SVG badge with the verdict and pass rate",
    description: "Needs a key (read-only keys work), or a signed link (`?sig=`, shown on the summary page), or the project setting `publicBadge: true` to be fetched anonymously.",
    query: BadgeQuery, ok: [{ status: 200, description: "The badge", raw: ["image/svg+xml"] }],
  },
  {
    tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/entries.csv`, id: "exportMilestoneEntries", summary: "The entries the summary counts, as CSV (streamed)",
    description: "The non-aborted runs of the milestone and of the milestones below it (`?environment=` id or name: one environment). One row per run entry, runs ordered by environment and creation, entries by position. Columns: milestone, run, run_id, run_status, run_kind, environment, case_key, case_title, priority, status, flaky (true/false), executed_at (ISO-8601 of the latest result, empty when untested), assignee (email), defect (latest linked key). RFC 4180 quoting, CRLF line ends; a value starting with =, +, -, @, tab or CR is prefixed with an apostrophe so spreadsheets never run it as a formula.",
    query: SummaryQuery, ok: [{ status: 200, description: "The CSV file", raw: ["text/csv"] }],
  },
  {
    tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/evidence.json`, id: "getMilestoneEvidence", summary: "The evidence manifest for an auditor: {sha256, generatedAt, manifest} (streamed)",
    description: "Everything an auditor asks about the milestone and its phases, read from one consistent snapshot: the milestone, its dates and the rules in force; the verdict and reasons at generation; every run by environment with who created, ran and completed it and when; every entry's latest result with executor, duration, comment and defect; open failures, waived failures, every waiver (reason, who, when, expiry, revocation) and sign-offs; the completion checklist and any override; requirements coverage; the milestone's audit trail. `sha256` is the SHA-256 of `manifest` in canonical form (object keys sorted, no whitespace; every list in the order described), so the same data always gives the same hash; `generatedAt` is outside it. Anyone who may read the summary may read this, audit trail included.",
    ok: [ok("EvidenceDocument")],
  },
  {
    tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/evidence.pdf`, id: "getMilestoneEvidencePdf", summary: "The evidence pack as a PDF (streamed)",
    description: "The manifest of `evidence.json` as a document for the auditor, generated on the server and streamed. Every page's footer carries the generation time and the manifest's SHA-256 (also in the `X-Evidence-SHA256` header). Text the PDF's standard fonts cannot draw (outside Latin-1) is shown as `?`; the manifest keeps it.",
    ok: [{ status: 200, description: "The PDF file", raw: ["application/pdf"] }],
  },
  { tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/activity`, id: "getMilestoneActivity", summary: "A cheap change stamp: poll it and reload the summary when `version` changes", ok: [ok("MilestoneActivity")] },
  { tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/waivers`, id: "listWaivers", summary: "A milestone's waivers, newest first, revoked and expired ones included (active: false)", query: PageParams, ok: [ok("WaiverPage")] },
  {
    tag: "Milestones", method: "post", path: `${P}/milestones/{milestoneId}/waivers`, id: "createWaiver", summary: "Waive a case's failure in an environment (TESTER)",
    description: "A waived failure no longer counts as open in this milestone and its children. `environmentId: null` waives every environment. With `expiresAt` (a future instant) the waiver lapses then and the failure is open again.",
    body: "CreateWaiverInput", ok: [created("Waiver")], conflict: "An active waiver for this case and environment already exists.",
  },
  { tag: "Milestones", method: "delete", path: `${P}/milestones/{milestoneId}/waivers/{waiverId}`, id: "revokeWaiver", summary: "Revoke a waiver (TESTER); it stays listed with revokedAt", ok: [noContent("Revoked")] },
  { tag: "Milestones", method: "get", path: `${P}/milestones/{milestoneId}/signoffs`, id: "listSignoffs", summary: "Sign-offs, newest first; stale when runs, results or waivers changed since", query: PageParams, ok: [ok("SignoffPage")] },
  {
    tag: "Milestones", method: "post", path: `${P}/milestones/{milestoneId}/signoffs`, id: "signOffMilestone", summary: "Record \"seen and signed off\" (any member, VIEWER included)",
    body: "CreateSignoffInput", ok: [created("Signoff")],
  },
  {
    tag: "Milestones", method: "post", path: `${P}/milestones/{milestoneId}/complete`, id: "completeMilestone", summary: "Complete a milestone after its checklist (TESTER; override: ADMIN)",
    description: "Checklist: every run completed, no blocking open failure, pass rate at the threshold, every open failure tracked or waived, and a sign-off newer than the last change. Unmet items answer 409 with `details[].field` = the item's code. An ADMIN may pass `override.reason`; the overridden items and the reason are stored and shown in the milestone's `completion` from then on.",
    body: "CompleteMilestoneInput", ok: [ok("Milestone")], conflict: "Checklist items are unmet (listed in details), or the milestone is not ACTIVE.",
  },
  // Triage: quarantine, known-failure rules, failure clusters
  {
    tag: "Triage", method: "post", path: `${P}/test-cases/{caseId}/quarantine`, id: "quarantineCase", summary: "Quarantine a case with a reason, an owner and an expiry (TESTER)",
    description: "Until `expiresAt` (at most 90 days ahead; 14 days when left out) the case's failures are listed in the summary's `quarantinedFailures` and do not block; CI reporters mark its results `quarantined: true`. On expiry they block again and a `QUARANTINE_EXPIRED` alert fires once (the `quarantineExpired` switch). `ownerId` is a member's id or email (you when left out). Audited.",
    body: "CreateQuarantineInput", ok: [created("Quarantine")], conflict: "The case is already quarantined (lift it first to change it).",
  },
  { tag: "Triage", method: "delete", path: `${P}/test-cases/{caseId}/quarantine`, id: "liftQuarantine", summary: "Lift the case's active quarantine (TESTER): its failures block again; 404 when it has none", ok: [noContent("Lifted")] },
  {
    tag: "Triage", method: "get", path: `${P}/quarantine`, id: "listQuarantines", summary: "The active quarantines, soonest expiry first (for people and for CI)",
    description: "Each with the case's key, title and `automationKey` (the reporter's test identity), reason, owner, expiry and `daysLeft`. The Playwright reporter reads it at start.",
    ok: [ok("QuarantineList")],
  },
  { tag: "Triage", method: "get", path: `${P}/failure-rules`, id: "listFailureRules", summary: "The known-failure rules, oldest first (the order they are tried), with how many failing attempts each matched", ok: [ok("FailureRuleList")] },
  {
    tag: "Triage", method: "post", path: `${P}/failure-rules`, id: "createFailureRule", summary: "Create a known-failure rule (ADMIN)",
    description: "From now on, a FAILED or BLOCKED result whose error `message` (or `stack`) matches `pattern` gets the rule's defect link, at ingestion (results, JUnit) and when a tester records it (a manual result's comment is its message; an explicit defect wins). Its failure then counts as tracked, and the attempt shows the rule. Patterns are RE2 (linear-time; no backreferences or lookaround), at most 500 characters; one that does not compile is a 400 naming `pattern`. The oldest matching rule wins; a rule past `expiresAt` links nothing new.",
    body: "CreateFailureRuleInput", ok: [created("FailureRule")],
  },
  { tag: "Triage", method: "delete", path: `${P}/failure-rules/{ruleId}`, id: "deleteFailureRule", summary: "Remove a rule (ADMIN); the defect links it made stay", ok: [noContent()] },
  {
    tag: "Triage", method: "get", path: `${P}/test-runs/{runId}/failure-clusters`, id: "listRunFailureClusters", summary: "A run's failing entries grouped by error signature",
    description: "The signature is the first line of the latest attempt's message plus its top stack frame, with numbers, ids, hex, durations, timestamps and quoted values stripped (a manual failure's comment is its message). Largest cluster first, each with its count, cases, an example and a `suggestedPattern` for a rule.",
    ok: [ok("FailureClusterList")],
  },
  {
    tag: "Triage", method: "get", path: `${P}/milestones/{milestoneId}/failure-clusters`, id: "listMilestoneFailureClusters", summary: "A milestone's failures grouped by error signature",
    description: "Exactly the failures the summary lists (open, quarantined and waived, phases included; `state` says which), optionally in one environment, clustered as for a run.",
    query: SummaryQuery.pick({ environment: true }), ok: [ok("FailureClusterList")],
  },
  // Test runs
  { tag: "Test runs", method: "get", path: `${P}/test-runs`, id: "listTestRuns", summary: "List runs, newest first", description: "Filter by milestone, environment, status, kind and CI build id.", query: RunListQuery, ok: [ok("TestRunPage")] },
  {
    tag: "Test runs", method: "post", path: `${P}/test-runs`, id: "createTestRun", summary: "Create a run, or return the run of an existing ciBuildId",
    description: "Safe to retry from CI: posting a `ciBuildId` that already exists in the project returns that run with 200 instead of creating a second one. An exploratory session is `kind: \"EXPLORATORY\"` with a `charter` and `timeBoxMinutes` (60 by default), and no planned cases.",
    body: "CreateRunInput",
    ok: [ok("TestRun", "A run with this ciBuildId already exists in the project; it is returned unchanged"), created("TestRun")],
  },
  { tag: "Test runs", method: "get", path: `${P}/test-runs/{runId}`, id: "getTestRun", summary: "Get one run with its status counters", ok: [ok("TestRun")] },
  { tag: "Test runs", method: "patch", path: `${P}/test-runs/{runId}`, id: "updateTestRun", summary: "Update a run's fields or move it through statuses", description: "`startedAt` and `completedAt` are set by status transitions. COMPLETED and ABORTED are final. Exploratory sessions: `IN_PROGRESS` starts the timer; `COMPLETED` needs a `verdict` (PASSED, PASSED_WITH_ISSUES, FAILED, BLOCKED), with an optional `verdictSummary`.", body: "UpdateRunInput", ok: [ok("TestRun")], conflict: "The status transition is not allowed, e.g. reopening an ABORTED run." },
  { tag: "Test runs", method: "post", path: `${P}/test-runs/{runId}/complete`, id: "completeTestRun", summary: "Mark a run COMPLETED (idempotent)", ok: [ok("TestRun")], conflict: "The run was ABORTED and cannot be completed." },
  // Results
  {
    tag: "Results", method: "post", path: `${P}/test-runs/{runId}/results`, id: "postResults", summary: "Send a batch of up to 1000 automated results",
    description: "One transaction. Unknown testKeys become automated cases (suites from suitePath); every attempt is stored once per idempotencyKey (derived from testKey and attempt when absent), so a retried upload changes nothing. Invalid items are listed in `errors` by index while the valid ones are stored. Playwright's timedOut maps to FAILED and interrupted to SKIPPED, keeping the original. More than 1000 results answer 413.",
    body: "ResultBatch", ok: [ok("BatchOutcome")], conflict: "The run is ABORTED or COMPLETED and takes no more results.",
  },
  {
    tag: "Results", method: "post", path: `${P}/test-runs/{runId}/junit`, id: "postJunit", summary: "Import JUnit XML reports into a run",
    description: "The body is one JUnit XML document (`application/xml` or `text/xml`), or `multipart/form-data` with one or more XML files (any field name). Reads a `testsuites` or bare `testsuite` root, nested suites, failure/error/skipped, `time` in seconds, `priority` and `tags` properties, `[[ATTACHMENT|path]]` lines in system-out (recorded as annotations; upload the files separately), and Surefire's flakyFailure/rerunFailure as attempts of their own. testKey is `classname.name`, or the suite path and name. The files are streamed into one transaction: malformed XML anywhere answers 400 naming the line and column, and nothing is stored. Uploading the same file again stores nothing new. Size limit: `QA_STUDIO_JUNIT_MAX_MB` (200 MB by default).",
    rawBody: ["application/xml", "text/xml", "multipart/form-data"], ok: [ok("JunitOutcome")], conflict: "The run is ABORTED or COMPLETED, or a concurrent upload into the run collided with this one (send it again).",
  },
  { tag: "Results", method: "get", path: `${P}/test-runs/{runId}/results`, id: "listResults", summary: "A run's entries with their latest attempt", description: "Filter by status, flaky and priority; ordered by case key.", query: ResultListQuery, ok: [ok("ResultEntryPage")] },
  // Planning and executing runs
  {
    tag: "Test runs", method: "get", path: `${P}/test-runs/{runId}/entries`, id: "listRunEntries", summary: "A run's entries grouped by suite path, then case number",
    description: "Each entry with its case key, title, priority, suite (id, name, path), assignee, status, flaky flag, attempt count and last result time. Filter by status, assignee (`me`, `none` or a user id), priority and suite (with its sub-suites).",
    query: EntryListQuery, ok: [ok("RunEntryPage")],
  },
  {
    tag: "Test runs", method: "post", path: `${P}/test-runs/{runId}/entries`, id: "addRunEntries", summary: "Add cases to an open run (idempotent)",
    description: "Give one of `caseIds` (ids or keys), `suiteIds` (with sub-suites) or `filter`. Each new case becomes an UNTESTED entry at its current version; cases already in the run are counted in `alreadyInRun`. Unknown, foreign or archived case ids and unknown suite ids are a 400 naming them.",
    body: "AddEntriesInput", ok: [ok("AddEntriesOutcome")], conflict: "The run is COMPLETED or ABORTED.",
  },
  { tag: "Test runs", method: "patch", path: `${P}/test-runs/{runId}/entries/{entryId}`, id: "assignRunEntry", summary: "Assign an entry to a TESTER or ADMIN of the project (null unassigns)", body: "AssignEntryInput", ok: [ok("RunEntry")], conflict: "The run is COMPLETED or ABORTED." },
  { tag: "Test runs", method: "delete", path: `${P}/test-runs/{runId}/entries/{entryId}`, id: "removeRunEntry", summary: "Remove an entry that has no results yet", ok: [noContent("Removed")], conflict: "The entry has results (its history is kept), or the run is COMPLETED or ABORTED." },
  { tag: "Test runs", method: "post", path: `${P}/test-runs/{runId}/entries/assign`, id: "assignRunEntries", summary: "Assign many entries, or all (`all: true`), to one member", description: "The assignee must be a TESTER or ADMIN of the project; `assigneeId: null` unassigns. An entry id of another run is a 400 naming it.", body: "BulkAssignInput", ok: [ok("AssignOutcome")], conflict: "The run is COMPLETED or ABORTED." },
  {
    tag: "Test runs", method: "post", path: `${P}/test-runs/{runId}/rerun`, id: "rerunFailures", summary: "Re-run failures: a new run of the FAILED and BLOCKED entries",
    description: "A new PLANNED manual run in the same milestone and environment, one UNTESTED entry per case whose entry ended FAILED or BLOCKED, keeping assignees who may still execute, linked back by `sourceRunId`. The body is optional.",
    body: "RerunInput", ok: [created("TestRun")], conflict: "The run has no FAILED or BLOCKED entries.",
  },
  // Exploratory sessions
  {
    tag: "Exploratory sessions", method: "get", path: `${P}/test-runs/{runId}/notes`, id: "listNotes", summary: "An exploratory session's notes and findings, oldest first",
    description: "Each note has its `offsetMs` into the session and its attachments. Filter by `kind`. A run that is not EXPLORATORY is a 404.",
    query: NoteListQuery, ok: [ok("NotePage")],
  },
  {
    tag: "Exploratory sessions", method: "post", path: `${P}/test-runs/{runId}/notes`, id: "createNote", summary: "Add a note or finding (NOTE, BUG, QUESTION, IDEA) to a running session (TESTER)",
    body: "CreateNoteInput", ok: [created("Note")], conflict: "The session is not IN_PROGRESS (start it first; a finished session takes no notes).",
  },
  { tag: "Exploratory sessions", method: "get", path: `${P}/test-runs/{runId}/notes/{noteId}`, id: "getNote", summary: "One note with its attachments", ok: [ok("Note")] },
  {
    tag: "Exploratory sessions", method: "patch", path: `${P}/test-runs/{runId}/notes/{noteId}`, id: "updateNote", summary: "Edit a note, change its kind, or link its defect (TESTER)",
    description: "While the session runs anything may change; once it is COMPLETED only `defect` (so findings can be linked to tickets filed afterwards).",
    body: "UpdateNoteInput", ok: [ok("Note")], conflict: "The session is PLANNED or ABORTED, or COMPLETED and more than the defect changes.",
  },
  { tag: "Exploratory sessions", method: "delete", path: `${P}/test-runs/{runId}/notes/{noteId}`, id: "deleteNote", summary: "Delete a note and its attachments (TESTER)", ok: [noContent()], conflict: "The session is not IN_PROGRESS." },
  {
    tag: "Exploratory sessions", method: "post", path: `${P}/test-runs/{runId}/notes/{noteId}/attachments`, id: "uploadNoteAttachment", summary: "Attach a file (screenshot, log) to a note (TESTER)",
    description: "As for result attachments: the body is the file, its type in `Content-Type`, its name in `?name=`. Download and delete it through `.../attachments/{attachmentId}`.",
    query: UploadAttachmentQuery, rawBody: ATTACHMENT_CONTENT_TYPES, ok: [created("NoteAttachment")], conflict: "The session was ABORTED.",
  },
  { tag: "Test runs", method: "get", path: "/api/me/work", id: "myWork", summary: "My work: entries assigned to me in open runs, by milestone", description: "Across every project you can see, the PLANNED and IN_PROGRESS runs holding entries assigned to you, grouped by milestone with its due date (soonest first, none last), each run with how many of your entries are assigned, untested and open (UNTESTED or RETEST).", ok: [ok("MyWork")] },
  {
    tag: "Results", method: "post", path: `${P}/test-runs/{runId}/entries/{entryId}/results`, id: "recordManualResult", summary: "Record a manual result: one more attempt on the entry (TESTER)",
    description: "Appends an attempt attributed to you (attempt = the entry's next number), sets the entry's status to it, moves the run's counters in the same transaction and starts a PLANNED run. Concurrent saves on one entry are all kept as separate attempts; the last one sets the status. `stepResults[].index` is 0-based and must name a step of the case version the entry executes. `comment` is markdown, stored as sent (20,000 characters at most). `defect` links the case to a tracker issue once per (case, tracker, key). Sending an `idempotencyKey` again returns the stored attempt with 200 and `duplicate: true`.",
    body: "ManualResultInput", ok: [created("ManualResultOutcome"), ok("ManualResultOutcome", "This idempotencyKey was stored before; nothing new was written")],
    conflict: "The run is COMPLETED or ABORTED, or the idempotencyKey was used for another entry.",
  },
  { tag: "Results", method: "get", path: `${P}/test-cases/{caseId}/history`, id: "caseHistory", summary: "A case's last results across runs, with milestone and environment", description: "`caseId` is the case id or its key, like DEMO-12.", query: CaseHistoryQuery, ok: [ok("CaseHistory")] },
  // Suites
  { tag: "Suites", method: "get", path: `${P}/suites`, id: "listSuites", summary: "The whole suite tree, flat, in display order", description: "Each suite is followed by its children (siblings by position, then name), with its parentId, depth, path of names and count of active cases.", ok: [ok("SuiteTree")] },
  { tag: "Suites", method: "post", path: `${P}/suites`, id: "createSuite", summary: "Create a suite (TESTER)", description: "Without `position` it goes last among its siblings. The parent must be a suite of the same project.", body: "CreateSuiteInput", ok: [created("Suite")], conflict: "A suite with this name already exists under the same parent." },
  { tag: "Suites", method: "get", path: `${P}/suites/{suiteId}`, id: "getSuite", summary: "Get one suite", ok: [ok("Suite")] },
  { tag: "Suites", method: "patch", path: `${P}/suites/{suiteId}`, id: "updateSuite", summary: "Rename, describe, move (`parentId`) or reorder (`position`) a suite (TESTER)", description: "Moving a suite into itself or one of its descendants is a 400.", body: "UpdateSuiteInput", ok: [ok("Suite")], conflict: "A suite with this name already exists under the same parent." },
  { tag: "Suites", method: "delete", path: `${P}/suites/{suiteId}`, id: "deleteSuite", summary: "Delete a suite and its descendants (ADMIN); their cases are archived, never lost", description: "The cases of the deleted suites are archived and detached (no suite); restore them with the bulk `restore` action and move them elsewhere.", ok: [ok("DeletedSuite")] },
  // Test cases
  { tag: "Test cases", method: "get", path: `${P}/test-cases`, id: "listTestCases", summary: "Search and filter cases, by key", description: "`q` searches the title, key and preconditions. Archived cases are listed only with `archived=true`.", query: CaseListQuery, ok: [ok("TestCasePage")] },
  { tag: "Test cases", method: "post", path: `${P}/test-cases`, id: "createTestCase", summary: "Create a case (TESTER); it gets the next key, like DEMO-13, at version 1", body: "CreateCaseInput", ok: [created("TestCase")] },
  { tag: "Test cases", method: "get", path: `${P}/test-cases/{caseId}`, id: "getTestCase", summary: "Get one case", ok: [ok("TestCase")] },
  { tag: "Test cases", method: "patch", path: `${P}/test-cases/{caseId}`, id: "updateTestCase", summary: "Edit a case (TESTER)", description: "Changing the title, preconditions, steps or priority makes a new version; every version is kept. `archived: false` restores an archived case.", body: "UpdateCaseInput", ok: [ok("TestCase")] },
  { tag: "Test cases", method: "delete", path: `${P}/test-cases/{caseId}`, id: "archiveTestCase", summary: "Archive a case (TESTER); cases are never hard-deleted because runs reference them", ok: [ok("TestCase", "The archived case")] },
  { tag: "Test cases", method: "get", path: `${P}/test-cases/{caseId}/versions`, id: "listTestCaseVersions", summary: "A case's versions, newest first", query: PageParams, ok: [ok("CaseVersionPage")] },
  { tag: "Test cases", method: "get", path: `${P}/test-cases/{caseId}/versions/{version}`, id: "getTestCaseVersion", summary: "One saved version of a case", ok: [ok("CaseVersion")] },
  { tag: "Test cases", method: "post", path: `${P}/test-cases/{caseId}/duplicate`, id: "duplicateTestCase", summary: "Copy a case under a new key, titled \"… (copy)\" (TESTER)", ok: [created("TestCase")] },
  { tag: "Test cases", method: "post", path: `${P}/test-cases/bulk`, id: "bulkUpdateTestCases", summary: "Move, retag, archive or restore many cases at once (TESTER)", description: "One transaction, all or nothing: an unknown case, or one of another project, is a 400 naming it and nothing changes. `caseIds` take ids or keys.", body: "BulkCaseInput", ok: [ok("BulkOutcome")] },
  { tag: "Test cases", method: "get", path: `${P}/test-cases/selection`, id: "previewCaseSelection", summary: "How many cases a run-planning filter selects now, and the first few", description: "The same selection as `filter` on `POST .../test-runs` (every given condition must hold; archived cases never count), so the count is the number of entries a run planned with it gets. Unknown suite ids are a 400.", query: SelectionPreviewParams, ok: [ok("SelectionPreview")] },
  { tag: "Test cases", method: "get", path: `${P}/test-cases/export.csv`, id: "exportTestCases", summary: "The filtered cases as CSV", description: "The same filters as the list. Columns: key, title, suite (names joined by \" / \"), priority, type, tags (joined by \";\"), automation, preconditions, steps (a JSON array of `{action, expected}`), requirements (keys joined by \";\").", query: CaseExportQuery, ok: [{ status: 200, description: "The CSV file", raw: ["text/csv"] }] },
  {
    tag: "Test cases", method: "post", path: `${P}/test-cases/import`, id: "importTestCases", summary: "Create and update cases from CSV (TESTER); all rows or none",
    description: "The body is the CSV file (`Content-Type: text/csv`, up to 10 MB; RFC 4180 quoting) with a header row naming the columns of the export (`title` required). Every row is validated first: any invalid row answers 400 with `details` like `{field: \"row 7: priority\"}` (the header is row 1) and nothing is written. A `key` of a case of this project updates it (a new version when its content changes); an empty key, or one of another project, creates a case. Steps are a JSON array or one `action => expected` per line. Suite paths are created as needed. A `requirements` column (keys joined by \";\") sets exactly the requirements each case verifies; keys that name no requirement yet are created with source CSV.",
    rawBody: ["text/csv"], ok: [ok("ImportOutcome")],
  },
  {
    tag: "Test cases", method: "post", path: `${P}/test-cases/import/testrail`, id: "importTestRailCases", summary: "Import TestRail's own case export, CSV or XML (TESTER); all cases or none",
    description: "The body is TestRail's export itself: the CSV export (`Content-Type: text/csv`; columns found by name: ID, Title, Section, Section Hierarchy (names joined by \" > \"), Priority, Type, Preconditions, Steps (Separated) — numbered steps each followed by `Expected Result:` lines — or Steps (Step) and Steps (Expected Result) with a case's later steps on the next rows, or Steps plus Expected Result; References; other columns are ignored) or the XML export (`application/xml`: `sections > section > cases > case`, nested sections, steps in `custom_steps_separated` or `custom > steps_separated`). Up to 10 MB. Every case is checked first: any error answers 400 with `details` like `{field: \"row 7: Priority\"}` (CSV, the header is row 1) or `{field: \"case 3: priority\"}` (XML, cases in document order) and nothing is written. Sections become nested suites; priorities Critical, High, Medium, Low map to ours (others are an error); types map by name (others become OTHER); References (comma-separated) become requirement links, unknown keys created as MANUAL requirements; the TestRail ID is kept in `externalId`, so importing again updates those cases (a new version when content changed) instead of duplicating them. Links are only added, never removed.",
    rawBody: ["text/csv", "application/xml", "text/xml"], ok: [ok("TestRailImportOutcome")],
  },
  // Requirements
  { tag: "Requirements", method: "get", path: `${P}/requirements`, id: "listRequirements", summary: "The project's requirements by key, with their linked cases", query: RequirementListQuery, ok: [ok("RequirementPage")] },
  { tag: "Requirements", method: "post", path: `${P}/requirements`, id: "createRequirement", summary: "Create a requirement (TESTER)", description: "Keys are unique per project and stored upper case (`shop-12` is `SHOP-12`).", body: "CreateRequirementInput", ok: [created("Requirement")], conflict: "A requirement with this key already exists in the project." },
  { tag: "Requirements", method: "get", path: `${P}/requirements/{requirementId}`, id: "getRequirement", summary: "Get one requirement", ok: [ok("Requirement")] },
  { tag: "Requirements", method: "patch", path: `${P}/requirements/{requirementId}`, id: "updateRequirement", summary: "Change a requirement's key, title, url or source (TESTER)", body: "UpdateRequirementInput", ok: [ok("Requirement")], conflict: "A requirement with this key already exists in the project." },
  { tag: "Requirements", method: "delete", path: `${P}/requirements/{requirementId}`, id: "deleteRequirement", summary: "Delete a requirement with its case links and milestone scopes (TESTER)", ok: [noContent()] },
  {
    tag: "Requirements", method: "post", path: `${P}/requirements/import/jira`, id: "importJiraRequirements", summary: "Upsert requirements from a Jira search (TESTER)",
    description: "Uses the instance's Jira connection (`PUT /api/admin/jira`): the issues `jql` finds (`GET /rest/api/3/search/jql`, page by page, at most 5,000) are created or updated by key with the summary as title, the issue's browse URL and its fixVersions, as source JIRA. With `milestoneId`, those whose fixVersion equals the milestone's name are added to its scope. Jira is read before anything is written.",
    body: "JiraRequirementImportInput", ok: [ok("JiraRequirementImportOutcome")], conflict: "Jira is not connected.", upstream: "Jira refused the search or could not be reached.",
  },
  { tag: "Requirements", method: "get", path: `${P}/milestones/{milestoneId}/requirements`, id: "getMilestoneRequirements", summary: "The requirements set on a milestone (its scope)", description: "A release's coverage also counts the requirements set on its phases.", ok: [ok("MilestoneRequirements")] },
  { tag: "Requirements", method: "put", path: `${P}/milestones/{milestoneId}/requirements`, id: "setMilestoneRequirements", summary: "Set the requirements a milestone must verify (TESTER)", description: "Replaces the scope. Unknown keys are a 400 naming them.", body: "SetMilestoneRequirementsInput", ok: [ok("MilestoneRequirements")] },
  {
    tag: "Requirements", method: "get", path: `${P}/milestones/{milestoneId}/coverage`, id: "getMilestoneCoverage", summary: "Which in-scope requirements are verified: OK, NOK, NOT_RUN or UNCOVERED, per environment",
    description: "Scope: the requirements set on the milestone and its phases. Evidence: the latest attempt of each linked case per environment in the non-aborted runs of the milestone and its phases (a FAILED or BLOCKED attempt newer than the latest pass stands, as in the summary). UNCOVERED: no linked case has an entry; NOK: a FAILED or BLOCKED attempt no active waiver accepts; NOT_RUN: otherwise, an attempt not executed (UNTESTED, RETEST, SKIPPED); OK: every attempt passed (or failed under an active waiver, marked `waived`). `?environment=` (id or name) counts one environment only. With the project setting `requireCoverage`, NOK and UNCOVERED requirements make the verdict NO_GO (REQUIREMENTS_NOT_COVERED).",
    query: CoverageQuery, ok: [ok("MilestoneCoverage")],
  },
  // Attachments
  {
    tag: "Attachments", method: "post", path: `${P}/results/{resultId}/attachments`, id: "uploadAttachment", summary: "Attach a file (screenshot, video, trace) to a result",
    description: "The request body is the file itself, not JSON or multipart: its type in `Content-Type`, its name in `?name=`. Images, WebM, PDF and zip files must start with their format's signature. The size limit is `QA_STUDIO_MAX_ATTACHMENT_MB` (50 MB by default). Use the returned `url` to download it.",
    query: UploadAttachmentQuery, rawBody: ATTACHMENT_CONTENT_TYPES, ok: [created("Attachment")],
  },
  { tag: "Attachments", method: "get", path: `${P}/results/{resultId}/attachments`, id: "listAttachments", summary: "A result's attachments in upload order", query: PageParams, ok: [ok("AttachmentPage")] },
  {
    tag: "Attachments", method: "get", path: `${P}/attachments/{attachmentId}`, id: "downloadAttachment", summary: "Download an attachment's bytes (members only, with a key or the session cookie)",
    description: "Served with its stored `Content-Type`, `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`. Images, video, PDF and plain text open in the browser; everything else, HTML included, downloads (`Content-Disposition: attachment`). The `ETag` is the SHA-256; `If-None-Match` answers 304 and a single `Range` answers 206.",
    ok: [
      { status: 200, description: "The file", raw: ATTACHMENT_CONTENT_TYPES },
      { status: 206, description: "The requested byte range", raw: ATTACHMENT_CONTENT_TYPES },
      { status: 304, description: "Not modified: `If-None-Match` matched the ETag" },
    ],
  },
  { tag: "Attachments", method: "delete", path: `${P}/attachments/{attachmentId}`, id: "deleteAttachment", summary: "Delete an attachment and its file (TESTER)", ok: [noContent()] },
  // Members
  { tag: "Members", method: "get", path: `${P}/members`, id: "listMembers", summary: "List the project's members by email", query: PageParams, ok: [ok("MemberPage")] },
  {
    tag: "Members", method: "post", path: `${P}/members`, id: "addMember", summary: "Add an existing user to the project with a role (ADMIN)",
    description: "Give the user's `email` or `userId`. An unknown one is a 400 naming that field: users are created by instance admins (`POST /api/users`), never here.",
    body: "AddMemberInput", ok: [created("Member")], conflict: "The user is already a member of the project.",
  },
  { tag: "Members", method: "patch", path: `${P}/members/{userId}`, id: "updateMember", summary: "Change a member's role (ADMIN); their API keys follow at once", body: "UpdateMemberInput", ok: [ok("Member")], conflict: "The member is the project's last ADMIN." },
  { tag: "Members", method: "delete", path: `${P}/members/{userId}`, id: "removeMember", summary: "Remove a member from the project (ADMIN)", ok: [noContent("Removed")], conflict: "The member is the project's last ADMIN." },
  // API keys
  { tag: "API keys", method: "get", path: "/api/api-keys", id: "listApiKeys", summary: "List your API keys (never the keys themselves)", query: PageParams, ok: [ok("ApiKeyPage")] },
  { tag: "API keys", method: "post", path: "/api/api-keys", id: "createApiKey", summary: "Create an API key; the response holds the key, shown once", body: "CreateApiKeyInput", ok: [created("CreatedApiKey")] },
  { tag: "API keys", method: "delete", path: "/api/api-keys/{keyId}", id: "revokeApiKey", summary: "Revoke one of your API keys", ok: [noContent("Revoked")] },
  // Audit log
  {
    tag: "Audit log", method: "get", path: `${P}/audit-log`, id: "listAuditLog", summary: "Who changed what in the project, newest first",
    description: "Each entry names the user, and the API key when the change came through one, with the changed fields before and after. Filter by actor, action or kind, entity type and time.",
    query: AuditListQuery, ok: [ok("AuditLogPage")], forbidden: "Only project admins can read the audit log.",
  },
  // Users
  { tag: "Users", method: "get", path: "/api/users", id: "listUsers", summary: "List every user by email (instance admins)", query: UserListQuery, ok: [ok("UserPage")], forbidden: "Only instance admins can list users, and not with a key limited to one project." },
  {
    tag: "Users", method: "post", path: "/api/users", id: "createUser", summary: "Create a user, or invite one (instance admins)",
    description: "Without `password` the server generates a temporary one and returns it once as `temporaryPassword`. No e-mail is sent: hand it over yourself.",
    body: "CreateUserInput", ok: [created("SavedUser")], conflict: "A user with this email already exists (compared case-insensitively).",
  },
  {
    tag: "Users", method: "patch", path: "/api/users/{userId}", id: "updateUser", summary: "Rename, disable or enable, promote or demote a user, or reset their password (instance admins)",
    description: "A disabled user's sessions and API keys are refused from their next request on. `generatePassword: true` resets to a generated password, returned once as `temporaryPassword`.",
    body: "UpdateUserInput", ok: [ok("SavedUser")], conflict: "You cannot disable or demote yourself, and the last active instance admin cannot be disabled or demoted.",
  },
  // Authenticator tokens
  { tag: "Authenticator tokens", method: "get", path: `${P}/authenticator-tokens`, id: "listAuthenticatorTokens", summary: "List shared TOTP tokens by name (any member; never the secrets)", query: PageParams, ok: [ok("AuthenticatorTokenPage")] },
  {
    tag: "Authenticator tokens", method: "post", path: `${P}/authenticator-tokens`, id: "createAuthenticatorToken", summary: "Store a TOTP secret (ADMIN)",
    description: "Give a Base32 `secret` or an `otpauth://totp/...` URI (its algorithm, digits, period, issuer and account apply unless given explicitly). SHA1, SHA256 or SHA512; 6–8 digits; any period from 1 to 3600 s. The secret is encrypted with AES-256-GCM under `QA_STUDIO_ENCRYPTION_KEY` and never returned. Cases tagged with the token's name show its code in the execution view.",
    body: "CreateAuthenticatorTokenInput", ok: [created("AuthenticatorToken")], conflict: "A token with this name (case-insensitive) already exists in the project.",
  },
  { tag: "Authenticator tokens", method: "get", path: `${P}/authenticator-tokens/{tokenId}`, id: "getAuthenticatorToken", summary: "One token, without its secret", ok: [ok("AuthenticatorToken")] },
  { tag: "Authenticator tokens", method: "patch", path: `${P}/authenticator-tokens/{tokenId}`, id: "updateAuthenticatorToken", summary: "Rename a token, change its parameters or replace its secret (ADMIN)", body: "UpdateAuthenticatorTokenInput", ok: [ok("AuthenticatorToken")], conflict: "A token with this name (case-insensitive) already exists in the project." },
  { tag: "Authenticator tokens", method: "delete", path: `${P}/authenticator-tokens/{tokenId}`, id: "deleteAuthenticatorToken", summary: "Delete a token (ADMIN)", ok: [noContent()] },
  {
    tag: "Authenticator tokens", method: "get", path: `${P}/authenticator-tokens/{tokenId}/code`, id: "getAuthenticatorCode", summary: "The current code, for automated login tests (any member)",
    description: "`timeRemaining` is the seconds until the code changes. Every read is recorded in the audit log (`authenticator.code_read`). At most 30 reads per minute per token and caller (a user, or one API key); beyond that 429 with `Retry-After`. Served with `Cache-Control: no-store`.",
    ok: [ok("TotpCode")],
  },
  // Meta
  // Notifications and Slack
  { tag: "Notifications", method: "get", path: `${P}/slack`, id: "getSlackSettings", summary: "The project's Slack channel, alert switches and due thresholds", ok: [ok("SlackSettings")] },
  {
    tag: "Notifications", method: "put", path: `${P}/slack`, id: "updateSlackSettings", summary: "Set the Slack channel, alerts and due thresholds (ADMIN)",
    description: "Only the given fields change. `events` switches each alert on or off for Slack and the notification centre alike; `dueThresholdsDays` are the days before the due date to remind at (0 = on the day). The bot token is instance-wide (`SLACK_BOT_TOKEN`).",
    body: "UpdateSlackSettingsInput", ok: [ok("SlackSettings")],
  },
  {
    tag: "Notifications", method: "post", path: `${P}/slack/test`, id: "sendSlackTestMessage", summary: "Post a test message to the project's channel (ADMIN)",
    description: "Checks the bot token with `auth.test`, then posts to the channel. A missing or rejected token, an unknown channel or a bot outside the channel answers 412 with a plain explanation.",
    ok: [ok("SlackTestResult"), { status: 412, description: "Slack is not set up: no channel, no or a wrong bot token, or a channel the bot cannot post to", schema: "ErrorBody" }],
  },
  {
    tag: "Notifications", method: "post", path: "/api/slack/commands", id: "slackSlashCommand", summary: "Slack's /qa slash command (signed by Slack, not by QA Studio credentials)",
    description: "Slack posts the command form here. The request must carry a valid `X-Slack-Signature` for `SLACK_SIGNING_SECRET` and an `X-Slack-Request-Timestamp` within five minutes, otherwise 401. `/qa status [PROJECTKEY] <milestone>`, `/qa due [PROJECTKEY]`, `/qa help`. Answers within 3 s; slower answers follow through `response_url`.",
    rawBody: ["application/x-www-form-urlencoded"], ok: [ok("SlackCommandReply")],
  },
  {
    tag: "Notifications", method: "get", path: "/api/notifications", id: "listNotifications", summary: "The notification centre: alerts of your projects from the last 30 days, newest first, with your unread count",
    query: NotificationQuery, ok: [ok("NotificationList")],
  },
  { tag: "Notifications", method: "post", path: "/api/notifications/read", id: "markNotificationsRead", summary: "Mark some (`ids`) or all (`all: true`) of your notifications read", body: "MarkReadInput", ok: [ok("UnreadCount", "Your unread count")] },
  // Defects
  {
    tag: "Defects", method: "get", path: `${P}/test-runs/{runId}/entries/{entryId}/defects`, id: "listEntryDefects", summary: "The defects linked to the entry's test case, newest first",
    description: "Jira issues of the connected site get their status (and summary) read again from Jira when the cached one is older than 5 minutes; when Jira does not answer, the cached status is returned.",
    ok: [ok("DefectList")],
  },
  {
    tag: "Defects", method: "post", path: `${P}/test-runs/{runId}/entries/{entryId}/defects/jira`, id: "fileJiraDefect", summary: "File a Jira issue for a FAILED or BLOCKED entry and link it (TESTER)",
    description: "Creates the issue in the project's Jira project (POST /rest/api/3/issue) with the case title, its steps as executed, the latest error and comment, and a link back; then stores the link on the entry's latest result. When Jira refuses or cannot be reached nothing is stored. Filing again for the same result returns its link with 200. The body is optional.",
    body: "FileDefectInput", ok: [created("DefectLink"), ok("DefectLink", "This result already has a Jira defect; it is returned")],
    conflict: "The entry is not FAILED or BLOCKED, Jira is not connected, or the project has no Jira project key.",
    upstream: "Jira refused the issue or could not be reached (the message says which, in Jira's words where it gave any). Nothing was stored.",
  },
  {
    tag: "Defects", method: "get", path: `${P}/defects`, id: "listMilestoneDefects", summary: "The defects of a milestone's open failures, Jira statuses refreshed when stale",
    description: "The links the summary's open failures show, with Jira statuses older than 5 minutes read again (the milestone page calls this on view).",
    query: MilestoneDefectsQuery, ok: [ok("MilestoneDefects")],
  },
  { tag: "Defects", method: "get", path: `${P}/jira`, id: "getProjectJira", summary: "The Jira project this project files defects in", ok: [ok("JiraProjectSettings")] },
  { tag: "Defects", method: "put", path: `${P}/jira`, id: "setProjectJira", summary: "Set or clear the Jira project key (ADMIN)", body: "JiraProjectInput", ok: [ok("JiraProjectSettings")] },
  { tag: "Defects", method: "get", path: "/api/admin/jira", id: "getJiraSettings", summary: "The instance's Jira connection, never its token (instance admins)", ok: [ok("JiraSettings")], forbidden: "Only instance admins." },
  {
    tag: "Defects", method: "put", path: "/api/admin/jira", id: "saveJiraSettings", summary: "Connect Jira: base URL, email, API token, issue type (instance admins)",
    description: "The API token is encrypted with AES-256-GCM under `QA_STUDIO_ENCRYPTION_KEY` and never returned; leave `apiToken` out to keep the stored one.",
    body: "JiraSettingsInput", ok: [ok("JiraSettings")],
  },
  {
    tag: "Defects", method: "post", path: "/api/admin/jira/test", id: "checkJiraConnection", summary: "Check the stored Jira connection (GET /rest/api/3/myself) (instance admins)",
    ok: [ok("JiraConnectionCheck")], conflict: "Jira is not connected.", upstream: "Jira refused the credentials or could not be reached.",
  },
  { tag: "Meta", method: "get", path: "/api/openapi.json", id: "getOpenApiDocument", summary: "This OpenAPI document", public: true, ok: [] },
  {
    tag: "Operations", method: "get", path: "/api/health", id: "getHealth", summary: "Liveness: the process serves HTTP (no database is touched)",
    public: true, ok: [ok("Health")],
  },
  {
    tag: "Operations", method: "get", path: "/api/ready", id: "getReadiness", summary: "Readiness: the database answers, migrations are current, the job queue has started",
    description: "For load balancers: send traffic only to an instance that answers 200.",
    public: true, ok: [ok("Readiness")], errors: { 503: { description: "A check failed: `error.details` names each failing check (`database`, `migrations`, `jobQueue`) with its reason." } },
  },
  {
    tag: "Operations", method: "get", path: "/api/metrics", id: "getMetrics", summary: "Prometheus metrics (Authorization: Bearer $QA_STUDIO_METRICS_TOKEN)",
    description: "Request durations by route template, results ingested, JUnit imports, the notification outbox by state, the job queue depth, database connections, and the process defaults. Guarded by its own token, not by an API key.",
    public: true, ok: [{ status: 200, description: "The Prometheus text format", raw: ["text/plain"] }],
    errors: { 401: { description: "No token, or not QA_STUDIO_METRICS_TOKEN." }, 404: { description: "QA_STUDIO_METRICS_TOKEN is not set: metrics are off." } },
  },
];

const TAGS: { name: Tag; description: string }[] = [
  { name: "Projects", description: "Projects group everything else. `{projectId}` accepts the project's id or its key, e.g. `DEMO`." },
  { name: "Environments", description: "Where runs execute: Staging, QA, Production. Names are unique per project." },
  { name: "Milestones", description: "Releases and sprints that runs count towards." },
  { name: "Test runs", description: "Manual, automated and exploratory runs, with status counters." },
  { name: "Suites", description: "The tree that organises a project's test cases. Sibling names are unique." },
  { name: "Requirements", description: "What a release must verify (keys like SHOP-12 or REQ-7, from Jira, written by hand or a CSV): cases link to them (`requirementKeys`), milestones set their scope, and coverage says which are verified." },
  { name: "Test cases", description: "The case library: keys like DEMO-12, steps with expected results, priority, tags, versions, CSV import and export." },
  { name: "Exploratory sessions", description: "Runs of kind EXPLORATORY: a charter, a time box and a timer (from `startedAt`), timestamped notes and findings (BUG, QUESTION, IDEA) with attachments and defect links, and a verdict at the end. Create one with `POST .../test-runs` `{kind: \"EXPLORATORY\", charter, timeBoxMinutes}`; start it with `PATCH` `{status: \"IN_PROGRESS\"}`; finish it with `PATCH` `{status: \"COMPLETED\", verdict, verdictSummary}`." },
  { name: "Attachments", description: "Screenshots, videos, traces and logs of a result, stored as files and served only to project members." },
  { name: "API keys", description: "Keys for CI and scripts: `Authorization: Bearer qas_...`." },
  { name: "Audit log", description: "Every write, recorded in the same transaction: who, when, what, and the changed fields." },
  { name: "Members", description: "Who belongs to a project, with which role: ADMIN, TESTER or VIEWER. A project keeps at least one ADMIN." },
  { name: "Users", description: "Accounts of this instance, managed by instance admins." },
  { name: "Authenticator tokens", description: "Shared TOTP secrets for 2FA logins in regression runs: stored encrypted, read as current codes, every read audited." },
  { name: "Notifications", description: "Alerts that fire exactly once: milestone due at thresholds, overdue, run failed, run completed, verdict changed, quarantine expired. Delivered to the project's Slack channel and shown in the notification centre; Slack's /qa command." },
  { name: "Defects", description: "Defects linked to failed results, and Jira: an instance admin connects Jira (`PUT /api/admin/jira`, the API token stored encrypted), a project admin names the Jira project, testers file defects from failed entries. Linked Jira issues show their status, read again from Jira on view when older than 5 minutes." },
  { name: "Triage", description: "Quarantine with an owner and an expiry, known-failure rules that link matching failures to their defect, and failure clusters by error signature." },
  { name: "Meta", description: "The API describing itself." },
  { name: "Operations", description: "For operators and their load balancers and Prometheus: liveness, readiness and metrics. No API key needed." },
];

const PATH_PARAMS: Record<string, string> = {
  projectId: "Project id or key",
  environmentId: "Environment id",
  milestoneId: "Milestone id",
  runId: "Test run id",
  keyId: "API key id",
  userId: "User id",
  caseId: "Test case id or key, like DEMO-12",
  requirementId: "Requirement id or key, like SHOP-12",
  suiteId: "Suite id",
  version: "Version number of the case, from 1",
  entryId: "Run entry id (see `GET .../test-runs/{runId}/entries`)",
  resultId: "Result id (one attempt; see `results[].resultId` of a result batch)",
  attachmentId: "Attachment id",
  noteId: "Note id of an exploratory session",
  waiverId: "Waiver id",
  ruleId: "Failure rule id",
  tokenId: "Authenticator token id",
};

// ---------------------------------------------------------------- errors

const ERRORS = {
  400: ["BadRequest", "Invalid input; `details` names each invalid field. Also malformed JSON."],
  401: ["Unauthorized", "No credentials, or an unknown, expired or revoked API key."],
  403: ["Forbidden", "Authenticated but not allowed: missing role, read-only key, or a cookie write from another origin."],
  404: ["NotFound", "Unknown, or not visible to you (ids of other projects are never revealed)."],
  409: ["Conflict", "Conflicts with the current state."],
  413: ["PayloadTooLarge", "The request body is over 1 MB."],
  415: ["UnsupportedMediaType", "The request body is not `Content-Type: application/json`."],
} as const;

const errorContent = { "application/json": { schema: { $ref: schemaRef("ErrorBody") } } };

function errorResponses(op: OperationRow): Record<string, Response> {
  if (op.public) return {};
  const refTo = (status: keyof typeof ERRORS) => ({ $ref: `#/components/responses/${ERRORS[status][0]}` });
  const out: Record<string, Response> = {};
  if (op.body || op.query || op.rawBody) out[400] = refTo(400);
  out[401] = refTo(401);
  if (op.forbidden) out[403] = { description: op.forbidden, content: errorContent };
  else if (op.method !== "get") out[403] = refTo(403);
  if (op.path.includes("{")) out[404] = refTo(404);
  if (op.conflict) out[409] = { description: op.conflict, content: errorContent };
  if (op.upstream) out[502] = { description: op.upstream, content: errorContent };
  if (op.body) {
    out[413] = refTo(413);
    out[415] = refTo(415);
  }
  if (op.rawBody) {
    out[413] = { description: "The request body is over this endpoint's size limit.", content: errorContent };
    out[415] = { description: "The `Content-Type` is not accepted here, or the body's bytes contradict it.", content: errorContent };
  }
  return out;
}

// ---------------------------------------------------------------- zod → JSON Schema

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Tidies zod's output for readers; changes nothing a validator would accept or reject in practice. */
function tidy({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }): void {
  // Date formats already say it; zod's 300-character regex only adds noise.
  if ((jsonSchema.format === "date-time" || jsonSchema.format === "date") && jsonSchema.pattern) delete jsonSchema.pattern;
  // `.int()` adds ±MAX_SAFE_INTEGER bounds.
  if (jsonSchema.minimum === -MAX_SAFE) delete jsonSchema.minimum;
  if (jsonSchema.maximum === MAX_SAFE) delete jsonSchema.maximum;
  // csvEnum: a string split on commas into enum values. Documented as an array (style form,
  // explode false) so readers see the allowed values.
  const def = zodSchema._zod.def;
  if (def.type === "pipe") {
    const out = (def.out as z.core.$ZodTypes)._zod.def;
    if (out.type === "array") {
      const element = (out.element as z.core.$ZodTypes)._zod.def;
      if (element.type === "enum") {
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
        Object.assign(jsonSchema, { type: "array", items: { type: "string", enum: Object.values(element.entries) }, minItems: 1 });
      }
    }
  }
}

function stripMeta(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function registryToComponents(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, { io, target: "draft-2020-12", uri: schemaRef, override: tidy });
  if ("__shared" in out) throw new OpenApiDefinitionError("zod extracted shared $defs; register the shared schema by name instead");
  return Object.fromEntries(Object.entries(out).map(([id, s]) => [id, stripMeta(s as JsonSchema)]));
}

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  return stripMeta(z.toJSONSchema(schema, { io, target: "draft-2020-12", override: tidy }) as JsonSchema);
}

function componentSchemas(): Record<string, JsonSchema> {
  const output = registryToComponents(OUTPUT_SCHEMAS, "output");
  const input = registryToComponents(INPUT_SCHEMAS, "input");
  for (const [name, schema] of Object.entries(input)) {
    if (name in output && JSON.stringify(output[name]) !== JSON.stringify(schema)) {
      throw new OpenApiDefinitionError(`component ${name} differs between input and output; give them different names`);
    }
  }
  return Object.fromEntries(Object.entries({ ...output, ...input }).sort(([a], [b]) => a.localeCompare(b)));
}

function queryParameters(query: z.ZodObject): Parameter[] {
  const json = toSchema(query, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, { description, ...schema }]) => ({
    name,
    in: "query" as const,
    required: required.has(name),
    ...(description ? { description: String(description) } : {}),
    ...(schema.type === "array" ? { style: "form" as const, explode: false } : {}),
    schema,
  }));
}

function pathParameters(path: string): Parameter[] {
  const schema = toSchema(Id, "output");
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const description = PATH_PARAMS[name];
    if (!description) throw new OpenApiDefinitionError(`describe the path parameter {${name}} in PATH_PARAMS`);
    return { name, in: "path" as const, required: true, description, schema };
  });
}

/** Raw bytes in each media type; `format: binary` is what tools such as Swagger UI offer a file picker for. */
function rawContent(types: readonly string[]): Record<string, { schema: JsonSchema }> {
  const file = { type: "string", format: "binary" };
  const multipart = { type: "object", properties: { files: { type: "array", items: file } }, required: ["files"] };
  return Object.fromEntries(types.map((type) => [type, { schema: type === "multipart/form-data" ? multipart : file }]));
}

function operation(op: OperationRow): Operation {
  const responses: Record<string, Response> = {};
  for (const s of op.ok) {
    responses[s.status] = s.schema
      ? { description: s.description, content: { "application/json": { schema: { $ref: schemaRef(s.schema) } } } }
      : s.raw
        ? { description: s.description, content: rawContent(s.raw) }
        : { description: s.description };
  }
  if (op.public && !op.ok.length) responses[200] = { description: "The OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" } } } };
  Object.assign(responses, errorResponses(op));
  for (const [status, e] of Object.entries(op.errors ?? {})) {
    responses[status] = { description: e.description, content: { "application/json": { schema: { $ref: schemaRef(e.schema ?? "ErrorBody") } } } };
  }
  const parameters = [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : [])];
  return {
    tags: [op.tag],
    operationId: op.id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: { $ref: schemaRef(op.body) } } } } }
      : {}),
    ...(op.rawBody ? { requestBody: { required: true, content: rawContent(op.rawBody) } } : {}),
    responses,
    ...(op.public ? { security: [] } : {}),
  };
}

// ---------------------------------------------------------------- the document

export function buildOpenApiDocument(): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const op of OPERATIONS) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new OpenApiDefinitionError(`${op.method.toUpperCase()} ${op.path} is listed twice`);
    item[op.method] = operation(op);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "QA Studio API",
      version: "1.0.0",
      description: [
        "Milestones, environments and test runs for QA Studio.",
        "",
        "JSON in and out, camelCase fields, ISO-8601 timestamps. Creates answer 201 with the resource.",
        "Lists answer `{ \"data\": [...], \"nextCursor\": \"...\" | null }`; pass `nextCursor` back as `cursor`.",
        "Every error has the same body: `{ \"error\": { \"code\", \"message\", \"details\": [{ \"field\", \"message\" }] } }`.",
      ].join("\n"),
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags: TAGS,
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "qas_...",
          description: "An API key: `Authorization: Bearer qas_...`. Create one under Settings → API keys or with `POST /api/api-keys`.",
        },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description:
            "The browser session set by signing in (`__Secure-authjs.session-token` over HTTPS). Writes with the cookie must send an `Origin` header matching this server.",
        },
      },
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.values(ERRORS).map(([name, description]) => [name, { description, content: errorContent }]),
      ),
    },
  };
}
