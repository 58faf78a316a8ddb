import { z } from "zod";
import { Id } from "@/lib/api/schemas";
import { Priority } from "@/lib/projects/schemas";
import { BaselineRef } from "./summary-schemas";

const ExecutedStatus = z.enum(["PASSED", "FAILED", "BLOCKED"]);

export const CompareQuery = z.object({
  baseline: Id.optional().describe("The milestone to compare with; the milestone's baseline when not given"),
  environment: z.string().trim().min(1).max(200).optional().describe("Environment id or name: only that environment, on both sides"),
});

export const CompareItem = z.object({
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  priority: Priority,
  environment: z.object({ id: Id, name: z.string() }),
  now: ExecutedStatus.nullable().describe("The latest executed result in this milestone (and its phases); null when not executed"),
  before: ExecutedStatus.nullable().describe("The latest executed result in the baseline; null when not executed there"),
});
export type CompareItem = z.infer<typeof CompareItem>;

export const Comparison = z.object({
  milestone: z.object({ id: Id, name: z.string() }),
  baseline: BaselineRef.nullable(),
  environment: z.object({ id: Id, name: z.string() }).nullable().describe("The environment filter, when one was given"),
  newFailures: z.array(CompareItem).describe("FAILED or BLOCKED now, PASSED in the baseline"),
  stillFailing: z.array(CompareItem).describe("FAILED or BLOCKED now and in the baseline"),
  fixed: z.array(CompareItem).describe("FAILED or BLOCKED in the baseline, PASSED now"),
  notRunNow: z.array(CompareItem).describe("Executed in the baseline, not executed now"),
  newlyRun: z.array(CompareItem).describe("Executed now, never in the baseline"),
});
export type Comparison = z.infer<typeof Comparison>;
