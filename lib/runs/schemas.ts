import { z } from "zod";
import { Description, Id, Name, PageParams, Timestamp, csvEnum } from "@/lib/api/schemas";

export const RunKind = z.enum(["MANUAL", "AUTOMATED", "EXPLORATORY"]);
export const RunStatus = z.enum(["PLANNED", "IN_PROGRESS", "COMPLETED", "ABORTED"]);
export type RunStatus = z.infer<typeof RunStatus>;

export const CiBuildId = z.string().trim().min(1).max(200);

export const CreateRunInput = z.strictObject({
  name: Name,
  description: Description.default(""),
  milestoneId: Id,
  environmentId: Id,
  kind: RunKind.default("MANUAL"),
  status: RunStatus.default("PLANNED"),
  ciBuildId: CiBuildId.nullable().default(null),
});
export type CreateRunInput = z.input<typeof CreateRunInput>;

export const UpdateRunInput = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
  milestoneId: Id.optional(),
  environmentId: Id.optional(),
  status: RunStatus.optional(),
});
export type UpdateRunInput = z.input<typeof UpdateRunInput>;

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
  milestone: Ref,
  environment: Ref,
  counts: StatusCounts,
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
});
