import { z } from "zod";
import { Id, Timestamp } from "@/lib/api/schemas";

/** `POST .../entries/{entryId}/defects/jira`: both fields are optional; the issue is built from the entry. */
export const FileDefectInput = z.strictObject({
  summary: z.string().trim().min(1).max(250).optional().describe('The issue\'s summary; "<case key> <title> fails on <environment>" by default'),
  note: z.string().trim().max(10_000).optional().describe("Extra text for the description, above what QA Studio adds"),
});
export type FileDefectInput = z.input<typeof FileDefectInput>;

export const DefectLink = z.object({
  id: Id,
  tracker: z.string(),
  key: z.string(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  status: z.string().nullable().describe("The tracker's status name, e.g. In Progress"),
  statusCategory: z.string().nullable().describe("Jira's status category: new, indeterminate or done"),
  checkedAt: Timestamp.nullable().describe("When the status was last read from Jira; it is refreshed on view when older than 5 minutes"),
  entryId: Id.nullable(),
  resultId: Id.nullable(),
  createdAt: Timestamp,
});
export type DefectLink = z.infer<typeof DefectLink>;

export const DefectList = z.object({ data: z.array(DefectLink) });

export const MilestoneDefectsQuery = z.object({ milestoneId: Id.describe("The milestone whose open failures' defects to list") });

export const MilestoneDefects = z.object({
  data: z.array(DefectLink),
  refreshed: z.number().int().describe("How many statuses were read again from Jira by this call"),
});
