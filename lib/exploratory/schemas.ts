import { z } from "zod";
import { Id, PageParams, Timestamp, csvEnum } from "@/lib/api/schemas";

/** NOTE is an observation; BUG, QUESTION and IDEA are findings. */
export const NoteKind = z.enum(["NOTE", "BUG", "QUESTION", "IDEA"]);
export type NoteKind = z.infer<typeof NoteKind>;

/** How an exploratory session ended. */
export const SessionVerdict = z.enum(["PASSED", "PASSED_WITH_ISSUES", "FAILED", "BLOCKED"]);
export type SessionVerdict = z.infer<typeof SessionVerdict>;

export const VERDICT_LABELS: Record<SessionVerdict, string> = {
  PASSED: "Passed",
  PASSED_WITH_ISSUES: "Passed with issues",
  FAILED: "Failed",
  BLOCKED: "Blocked",
};

export const Charter = z.string().max(20_000).describe("What the session explores, in markdown");
export const TimeBoxMinutes = z.number().int().min(1).max(1440).describe("The planned length of the session in minutes");
export const VerdictSummary = z.string().trim().max(20_000).describe("What the session found, in markdown");

export const NoteDefectInput = z.strictObject({
  key: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  tracker: z.enum(["JIRA", "GITHUB", "LINEAR", "OTHER"]).optional().describe("OTHER when not given"),
});

const NoteBody = z.string().trim().min(1, "Write something").max(20_000).describe("Markdown");

export const CreateNoteInput = z.strictObject({
  kind: NoteKind.default("NOTE"),
  body: NoteBody,
  defect: NoteDefectInput.optional().describe("The defect a finding was filed as"),
});
export type CreateNoteInput = z.input<typeof CreateNoteInput>;

export const UpdateNoteInput = z.strictObject({
  kind: NoteKind.optional(),
  body: NoteBody.optional(),
  defect: NoteDefectInput.nullable().optional().describe("null removes the link"),
});
export type UpdateNoteInput = z.input<typeof UpdateNoteInput>;

export const NoteListQuery = PageParams.extend({
  kind: csvEnum(NoteKind).optional().describe("Comma-separated kinds, e.g. BUG,QUESTION"),
});

export const NoteAttachment = z.object({
  id: Id,
  noteId: Id,
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  url: z.string().describe("Where to download the bytes: `/api/projects/{key}/attachments/{id}`"),
  createdAt: Timestamp,
});
export type NoteAttachment = z.infer<typeof NoteAttachment>;

export const Note = z.object({
  id: Id,
  runId: Id,
  kind: NoteKind,
  body: z.string(),
  defect: z.object({ tracker: z.string(), key: z.string(), url: z.string().nullable() }).nullable(),
  offsetMs: z.number().int().nullable().describe("Time into the session when the note was written; null before the session started"),
  createdBy: z.object({ id: Id, name: z.string() }).nullable(),
  attachments: z.array(NoteAttachment),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Note = z.infer<typeof Note>;

export const FindingCounts = z.object({
  bug: z.number().int(),
  question: z.number().int(),
  idea: z.number().int(),
  note: z.number().int(),
});
export type FindingCounts = z.infer<typeof FindingCounts>;

/** Exploratory sessions of a milestone: how many are planned, running and done, and what they found. */
export const ExploratoryNumbers = z.object({
  planned: z.number().int(),
  inProgress: z.number().int(),
  done: z.number().int().describe("COMPLETED sessions (ABORTED ones do not count)"),
  findings: FindingCounts.describe("Notes of the non-aborted sessions, by kind"),
});
export type ExploratoryNumbers = z.infer<typeof ExploratoryNumbers>;
