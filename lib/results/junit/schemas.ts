import { z } from "zod";
import { BatchOutcome } from "@/lib/results/schemas";

export const JunitOutcome = BatchOutcome.extend({
  files: z
    .array(z.object({ name: z.string().nullable().describe("The part's file name; null for a bare XML body"), tests: z.number().int().describe("Testcases read") }))
    .describe("Every file read, in order"),
}).describe("As for a result batch, with one item per attempt (flaky and rerun elements are attempts of their own), numbered across all files");
export type JunitOutcome = z.infer<typeof JunitOutcome>;
