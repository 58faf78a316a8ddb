import { z } from "zod";
import { Id } from "@/lib/api/schemas";
import { Priority } from "@/lib/projects/schemas";

/** Cases listed per cluster (the count is always exact). */
export const MAX_CLUSTER_CASES = 200;

export const ClusterCase = z.object({
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  priority: Priority,
  status: z.enum(["FAILED", "BLOCKED"]),
  environment: z.object({ id: Id, name: z.string() }),
  runId: Id,
  entryId: Id,
  state: z
    .enum(["OPEN", "QUARANTINED", "WAIVED"])
    .describe("In a milestone: whether the summary lists the failure as open, quarantined or waived; in a run: OPEN"),
});

export const FailureCluster = z.object({
  signature: z.string().describe("The first line of the error message plus the top stack frame, with numbers, ids, hex, durations, timestamps and quoted values stripped"),
  title: z.string().describe("The signature's message part, for a heading such as \"14 failures: TimeoutError …\""),
  count: z.number().int().describe("Failing entries in the cluster"),
  cases: z.array(ClusterCase).describe(`The failing entries, by priority then case number (at most ${MAX_CLUSTER_CASES})`),
  example: z.object({
    caseKey: z.string(),
    resultId: Id.nullable(),
    message: z.string().describe("The example's message as recorded (first 2,000 characters)"),
    frame: z.string().describe("Its top stack frame, or empty"),
  }),
  suggestedPattern: z.string().describe("An RE2 pattern matching this cluster's messages, for POST .../failure-rules (field: message)"),
});
export type FailureCluster = z.infer<typeof FailureCluster>;
export type ClusterCase = z.infer<typeof ClusterCase>;

export const FailureClusterList = z.object({
  data: z.array(FailureCluster).describe("Largest cluster first"),
  failures: z.number().int().describe("Failing entries clustered"),
});
export type FailureClusterList = z.infer<typeof FailureClusterList>;
