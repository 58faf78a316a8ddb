import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, inList, updatedAt } from "./common";
import { projects } from "./projects";
// Used lazily (in callbacks) only: runs.ts imports this file too.
import { TRACKERS, testRuns } from "./runs";
import { users } from "./users";

/** What a tester jots down during an exploratory session; BUG, QUESTION and IDEA are findings. */
export const NOTE_KINDS = ["NOTE", "BUG", "QUESTION", "IDEA"] as const;
/** How an exploratory session ended. */
export const SESSION_VERDICTS = ["PASSED", "PASSED_WITH_ISSUES", "FAILED", "BLOCKED"] as const;
export type SessionVerdict = (typeof SESSION_VERDICTS)[number];

/** Timestamped notes and findings of an exploratory session (a test run of kind EXPLORATORY). */
export const exploratoryNotes = pgTable(
  "exploratory_notes",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // Belongs to its run through the composite (project_id, run_id) key below.
    runId: text("run_id").notNull(),
    kind: text("kind", { enum: NOTE_KINDS }).notNull().default("NOTE"),
    /** Markdown. */
    body: text("body").notNull(),
    defectTracker: text("defect_tracker").$type<(typeof TRACKERS)[number]>(),
    defectKey: text("defect_key"),
    defectUrl: text("defect_url"),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "exploratory_notes_run_fk",
      columns: [t.projectId, t.runId],
      foreignColumns: [testRuns.projectId, testRuns.id],
    }).onDelete("cascade"),
    index("exploratory_notes_run_idx").on(t.runId, t.createdAt, t.id),
    check("exploratory_notes_kind_check", inList("kind", NOTE_KINDS)),
    check("exploratory_notes_defect_tracker_check", sql`${t.defectTracker} IS NULL OR ${inList("defect_tracker", TRACKERS)}`),
    check("exploratory_notes_body_check", sql`length(btrim(${t.body})) > 0`),
    check("exploratory_notes_defect_check", sql`(${t.defectKey} IS NULL) = (${t.defectTracker} IS NULL) AND (${t.defectUrl} IS NULL OR ${t.defectKey} IS NOT NULL)`),
  ],
);
