import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, text, unique, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, id, inList, ts, updatedAt } from "./common";
import { testCases } from "./cases";
import { milestones } from "./milestones";
import { environments, projects } from "./projects";
import { users } from "./users";
// Used lazily (in callbacks) only: exploratory.ts imports this file too.
import { SESSION_VERDICTS, exploratoryNotes, type SessionVerdict } from "./exploratory";
import { failureRules } from "./triage";

export const RUN_KINDS = ["MANUAL", "AUTOMATED", "EXPLORATORY"] as const;
export const RUN_STATUSES = ["PLANNED", "IN_PROGRESS", "COMPLETED", "ABORTED"] as const;
export const RESULT_STATUSES = ["PASSED", "FAILED", "BLOCKED", "SKIPPED", "RETEST", "UNTESTED"] as const;
export const TRACKERS = ["JIRA", "GITHUB", "LINEAR", "OTHER"] as const;

const counter = (name: string) => integer(name).notNull().default(0);

export const testRuns = pgTable(
  "test_runs",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    milestoneId: text("milestone_id").notNull(),
    environmentId: text("environment_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: RUN_KINDS }).notNull().default("MANUAL"),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("PLANNED"),
    /** CI build identity: every shard of one build lands in the same run. */
    ciBuildId: text("ci_build_id"),
    /** The build under test: a version, commit SHA or build number (results are tied to it). */
    build: text("build"),
    shardTotal: integer("shard_total"),
    /** Shard numbers (1-based) that reported their end. */
    shardsDone: integer("shards_done").array().notNull().default(sql`'{}'::int[]`),
    /** Why the run completed: MANUAL, SHARDS or TIMEOUT. */
    completionReason: text("completion_reason"),
    lastActivityAt: ts("last_activity_at"),
    assigneeId: text("assignee_id").references(() => users.id, { onDelete: "set null" }),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    /** The run this one re-runs the failures of ("Re-run failures"). */
    sourceRunId: text("source_run_id").references((): AnyPgColumn => testRuns.id, { onDelete: "set null" }),
    // Exploratory sessions: the charter (markdown), the time box, and the verdict at the end.
    charter: text("charter"),
    timeBoxMinutes: integer("time_box_minutes"),
    verdict: text("verdict").$type<SessionVerdict>(),
    verdictSummary: text("verdict_summary"),
    startedAt: ts("started_at"),
    completedAt: ts("completed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Status counters, updated in the same transaction as every result write.
    total: counter("total"),
    passed: counter("passed"),
    failed: counter("failed"),
    blocked: counter("blocked"),
    skipped: counter("skipped"),
    retest: counter("retest"),
    untested: counter("untested"),
    flaky: counter("flaky"),
  },
  (t) => [
    unique("test_runs_project_id_key").on(t.projectId, t.id),
    // Milestones and environments with runs cannot be deleted (NO ACTION, so a project delete still cascades).
    foreignKey({
      name: "test_runs_milestone_fk",
      columns: [t.projectId, t.milestoneId],
      foreignColumns: [milestones.projectId, milestones.id],
    }).onDelete("no action"),
    foreignKey({
      name: "test_runs_environment_fk",
      columns: [t.projectId, t.environmentId],
      foreignColumns: [environments.projectId, environments.id],
    }).onDelete("no action"),
    uniqueIndex("test_runs_ci_build_key").on(t.projectId, t.ciBuildId).where(sql`${t.ciBuildId} IS NOT NULL`),
    index("test_runs_project_created_idx").on(t.projectId, t.createdAt.desc(), t.id.desc()),
    index("test_runs_milestone_idx").on(t.milestoneId, t.status),
    index("test_runs_environment_idx").on(t.environmentId),
    index("test_runs_project_status_idx").on(t.projectId, t.status),
    index("test_runs_project_kind_idx").on(t.projectId, t.kind),
    index("test_runs_activity_idx").on(t.status, t.lastActivityAt),
    check("test_runs_kind_check", inList("kind", RUN_KINDS)),
    check("test_runs_status_check", inList("status", RUN_STATUSES)),
    check("test_runs_name_check", sql`length(btrim(${t.name})) > 0`),
    check("test_runs_build_check", sql`${t.build} IS NULL OR length(${t.build}) BETWEEN 1 AND 200`),
    check("test_runs_shard_total_check", sql`${t.shardTotal} IS NULL OR ${t.shardTotal} > 0`),
    check("test_runs_time_box_check", sql`${t.timeBoxMinutes} IS NULL OR ${t.timeBoxMinutes} BETWEEN 1 AND 1440`),
    check("test_runs_verdict_check", sql`${t.verdict} IS NULL OR (${t.kind} = 'EXPLORATORY' AND ${inList("verdict", SESSION_VERDICTS)})`),
    check(
      "test_runs_counters_check",
      sql`least(${t.total}, ${t.passed}, ${t.failed}, ${t.blocked}, ${t.skipped}, ${t.retest}, ${t.untested}, ${t.flaky}) >= 0
        AND ${t.passed} + ${t.failed} + ${t.blocked} + ${t.skipped} + ${t.retest} + ${t.untested} = ${t.total}`,
    ),
  ],
);

export const runEntries = pgTable(
  "run_entries",
  {
    id: id(),
    projectId: text("project_id").notNull(),
    // Belongs to its run through the composite (project_id, run_id) key below.
    runId: text("run_id").notNull(),
    caseId: text("case_id").notNull(),
    /** The case version this entry executes. */
    caseVersion: integer("case_version").notNull().default(1),
    status: text("status", { enum: RESULT_STATUSES }).notNull().default("UNTESTED"),
    assigneeId: text("assignee_id").references(() => users.id, { onDelete: "set null" }),
    flaky: boolean("flaky").notNull().default(false),
    position: integer("position").notNull().default(0),
    lastResultAt: ts("last_result_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("run_entries_run_case_key").on(t.runId, t.caseId),
    // Cases are archived, never deleted while a run references them. NO ACTION (checked at the
    // end of the statement) still lets a whole project be deleted in one cascading statement.
    foreignKey({
      name: "run_entries_case_fk",
      columns: [t.projectId, t.caseId],
      foreignColumns: [testCases.projectId, testCases.id],
    }).onDelete("no action"),
    foreignKey({
      name: "run_entries_run_project_fk",
      columns: [t.projectId, t.runId],
      foreignColumns: [testRuns.projectId, testRuns.id],
    }).onDelete("cascade"),
    index("run_entries_run_status_idx").on(t.runId, t.status),
    // Failing entries of a run, covering what the milestone summary's open failures read
    // (index-only, and small: failures are a few percent of entries).
    index("run_entries_failing_idx")
      .on(t.runId, t.status, t.caseId, t.lastResultAt, t.updatedAt, t.id)
      .where(sql`${t.status} IN ('FAILED', 'BLOCKED')`),
    // A case's entries by status, newest result first: the summary walks a failing case's
    // passes from the newest until one falls in the milestone's runs of that environment.
    index("run_entries_case_idx").on(t.caseId, t.status, t.lastResultAt.desc(), t.runId, t.updatedAt),
    index("run_entries_assignee_idx").on(t.assigneeId).where(sql`${t.assigneeId} IS NOT NULL`),
    check("run_entries_status_check", inList("status", RESULT_STATUSES)),
  ],
);

export type ResultError = { message?: string; stack?: string; location?: string };
export type StepResult = { index: number; status: string; comment?: string };

/** Every attempt of an entry; the entry's status is its latest attempt's. */
export const results = pgTable(
  "results",
  {
    id: id(),
    projectId: text("project_id").notNull(),
    runId: text("run_id")
      .notNull()
      .references(() => testRuns.id, { onDelete: "cascade" }),
    entryId: text("entry_id")
      .notNull()
      .references(() => runEntries.id, { onDelete: "cascade" }),
    status: text("status", { enum: RESULT_STATUSES }).notNull(),
    /** The reporter's own status when it differs (timedOut, interrupted). */
    originalStatus: text("original_status"),
    expectedStatus: text("expected_status"),
    attempt: integer("attempt").notNull().default(0),
    durationMs: integer("duration_ms"),
    startedAt: ts("started_at"),
    error: jsonb("error").$type<ResultError>(),
    stepResults: jsonb("step_results").$type<StepResult[]>(),
    /** Automated steps as the reporter saw them (title, status, duration, error). */
    steps: jsonb("steps").$type<{ title: string; status?: string; durationMs?: number; error?: string }[]>(),
    annotations: jsonb("annotations").$type<{ type: string; description?: string }[]>(),
    /** The reporter ran this case while it was quarantined (recorded and shown, never hidden). */
    quarantined: boolean("quarantined").notNull().default(false),
    /** The known-failure rule whose pattern matched this failing attempt's error. */
    ruleId: text("rule_id").references(() => failureRules.id, { onDelete: "set null" }),
    comment: text("comment"),
    executedById: text("executed_by_id").references(() => users.id, { onDelete: "set null" }),
    executedAt: ts("executed_at").notNull().defaultNow(),
    idempotencyKey: text("idempotency_key").notNull(),
  },
  (t) => [
    uniqueIndex("results_idempotency_key").on(t.runId, t.idempotencyKey),
    index("results_entry_idx").on(t.entryId, t.attempt),
    // (executed_at too: the summary's 7-day velocity counts a run's recent executions index-only)
    index("results_run_status_idx").on(t.runId, t.status, t.executedAt),
    index("results_project_executed_idx").on(t.projectId, t.executedAt),
    // Deleting a rule clears it from the attempts it matched.
    index("results_rule_idx").on(t.ruleId).where(sql`${t.ruleId} IS NOT NULL`),
    check("results_status_check", inList("status", RESULT_STATUSES)),
    check("results_attempt_check", sql`${t.attempt} >= 0`),
    check("results_duration_check", sql`${t.durationMs} IS NULL OR ${t.durationMs} >= 0`),
  ],
);

export const defectLinks = pgTable(
  "defect_links",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    caseId: text("case_id")
      .notNull()
      .references(() => testCases.id, { onDelete: "cascade" }),
    entryId: text("entry_id").references(() => runEntries.id, { onDelete: "set null" }),
    resultId: text("result_id").references(() => results.id, { onDelete: "set null" }),
    tracker: text("tracker", { enum: TRACKERS }).notNull().default("OTHER"),
    key: text("key").notNull(),
    url: text("url"),
    title: text("title"),
    status: text("status"),
    /** Jira's status category of `status` (new, indeterminate, done), when the tracker reports one. */
    statusCategory: text("status_category"),
    /** When `status` was last read from the tracker. */
    checkedAt: ts("checked_at"),
    /** The known-failure rule whose pattern matched the failing result, when the link came from one. */
    ruleId: text("rule_id").references(() => failureRules.id, { onDelete: "set null" }),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("defect_links_case_idx").on(t.caseId),
    index("defect_links_entry_idx").on(t.entryId),
    index("defect_links_rule_idx").on(t.ruleId).where(sql`${t.ruleId} IS NOT NULL`),
    uniqueIndex("defect_links_case_key").on(t.caseId, t.tracker, t.key),
    check("defect_links_tracker_check", inList("tracker", TRACKERS)),
    check("defect_links_key_check", sql`length(btrim(${t.key})) > 0`),
  ],
);

/** Metadata only; the bytes live in file storage under `storage_key`. */
export const attachments = pgTable(
  "attachments",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    resultId: text("result_id").references(() => results.id, { onDelete: "cascade" }),
    entryId: text("entry_id").references(() => runEntries.id, { onDelete: "cascade" }),
    caseId: text("case_id").references(() => testCases.id, { onDelete: "cascade" }),
    /** An exploratory session's note. */
    noteId: text("note_id").references(() => exploratoryNotes.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("attachments_storage_key").on(t.storageKey),
    index("attachments_result_idx").on(t.resultId),
    index("attachments_entry_idx").on(t.entryId),
    check("attachments_size_check", sql`${t.sizeBytes} >= 0`),
    index("attachments_note_idx").on(t.noteId).where(sql`${t.noteId} IS NOT NULL`),
    check("attachments_owner_check", sql`num_nonnulls(${t.resultId}, ${t.entryId}, ${t.caseId}, ${t.noteId}) >= 1`),
  ],
);

/**
 * The outbox of attachment bytes to remove: every deleted `attachments` row, including rows
 * removed by a cascade (a project, run, result or note), writes its storage key here in the
 * deleting transaction (a statement-level trigger in the migration). The `attachment-deletions`
 * job deletes the object or file and then the row; a failure keeps the row for the next try.
 */
export const storageDeletions = pgTable(
  "storage_deletions",
  {
    storageKey: text("storage_key").primaryKey(),
    createdAt: createdAt(),
    /** When the row may next be claimed: now for a new row; a claim leases it for a while. */
    dueAt: ts("due_at").notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("storage_deletions_due_idx").on(t.dueAt)],
);
