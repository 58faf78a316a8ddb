import { z } from "zod";
import { Description, Id, Name, PageParams, Timestamp, csvEnum, dayOrDateTime } from "@/lib/api/schemas";

export const MilestoneStatus = z.enum(["ACTIVE", "COMPLETED", "ARCHIVED"]);
export type MilestoneStatus = z.infer<typeof MilestoneStatus>;

/** ISO-8601 timestamp, or a plain date meaning the end of that day (UTC). */
export const DueDate = dayOrDateTime((day) => new Date(`${day}T23:59:59.999Z`));

export const CreateMilestoneInput = z.strictObject({
  name: Name,
  description: Description.default(""),
  dueDate: DueDate.nullable().default(null),
  status: MilestoneStatus.default("ACTIVE"),
  parentId: Id.nullable().default(null),
});
export type CreateMilestoneInput = z.input<typeof CreateMilestoneInput>;

export const UpdateMilestoneInput = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
  dueDate: DueDate.nullable().optional(),
  status: MilestoneStatus.optional(),
  parentId: Id.nullable().optional(),
  baselineMilestoneId: Id.nullable()
    .optional()
    .describe("The milestone regressions are compared with; null means none. Until set, the latest completed top-level milestone due (else completed) before this one"),
});
export type UpdateMilestoneInput = z.input<typeof UpdateMilestoneInput>;

export const RunCounts = z.object({
  total: z.number().int(),
  planned: z.number().int(),
  inProgress: z.number().int(),
  completed: z.number().int(),
  aborted: z.number().int(),
});
export type RunCounts = z.infer<typeof RunCounts>;

export const MilestoneCompletion = z.object({
  completedAt: Timestamp.nullable(),
  completedBy: z.object({ id: Id, name: z.string().nullable() }).nullable(),
  overrides: z
    .array(z.object({ code: z.string(), reason: z.string() }))
    .describe("Checklist items an ADMIN overrode to complete the milestone, each with the reason given; empty when it completed with a GO"),
});

export const Milestone = z.object({
  id: Id,
  projectId: Id,
  parentId: Id.nullable(),
  name: z.string(),
  description: z.string(),
  dueDate: Timestamp.nullable(),
  status: MilestoneStatus,
  completedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  runCounts: RunCounts,
  baselineMilestoneId: Id.nullable().describe("The baseline chosen with PATCH; null with baselineAutomatic false means none"),
  baselineAutomatic: z.boolean().describe("true until a baseline is chosen: the summary then compares with the latest completed top-level milestone before this one"),
  completion: MilestoneCompletion.nullable().describe("Who completed the milestone and which checklist items were overridden; null until completed"),
});
export type Milestone = z.infer<typeof Milestone>;

export const MilestoneListQuery = PageParams.extend({
  status: csvEnum(MilestoneStatus).optional().describe("Comma-separated statuses, e.g. ACTIVE,COMPLETED"),
  q: z.string().trim().max(200).optional().describe("Name contains (case-insensitive)"),
});

/** The burn-up chart of a milestone (lib/milestones/burn-up.ts computes it). */
export type BurnUpPoint = {
  /** The UTC day (YYYY-MM-DD) a point closes: its counts include everything up to the end of that day. */
  date: string;
  /** Entries in the scope's non-aborted runs that existed by then; null for days after today. */
  planned: number | null;
  /** Of those, entries whose latest result (PASSED, FAILED or BLOCKED) was recorded by then; null after today. */
  executed: number | null;
};

export type BurnUp = {
  points: BurnUpPoint[];
  /** The milestone's due day (YYYY-MM-DD), or null. */
  dueDate: string | null;
  /** Today's UTC day by the clock used. */
  today: string;
  /** Days per point (1 unless the history is longer than MAX_POINTS days). */
  stepDays: number;
};
