import { z } from "zod";
import { Timestamp } from "@/lib/api/schemas";

export const MilestoneActivity = z.object({
  version: z.string().describe("Opaque; changes whenever runs, results, waivers, sign-offs or the milestone change"),
  changedAt: Timestamp.nullable().describe("The latest change seen"),
});
export type MilestoneActivity = z.infer<typeof MilestoneActivity>;
