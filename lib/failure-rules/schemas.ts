import { z } from "zod";
import { DateTimeInput, Id, Name, Timestamp } from "@/lib/api/schemas";

/** Patterns are RE2 syntax (linear-time: no backreferences or lookaround), at most this long. */
export const MAX_PATTERN_CHARS = 500;
/** A rule reads at most this many characters of a message or stack. */
export const MATCHED_TEXT_CHARS = 20_000;

export const FailureRuleField = z.enum(["message", "stack"]);
export type FailureRuleField = z.infer<typeof FailureRuleField>;

export const RuleDefect = z.strictObject({
  key: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
  tracker: z.enum(["JIRA", "GITHUB", "LINEAR", "OTHER"]).default("OTHER").describe("OTHER when not given"),
});

export const CreateFailureRuleInput = z.strictObject({
  name: Name,
  pattern: z
    .string()
    .min(1, "Give a pattern")
    .max(MAX_PATTERN_CHARS, `A pattern has at most ${MAX_PATTERN_CHARS} characters`)
    .describe(
      "A regular expression in RE2 syntax, searched for anywhere in the field (use ^ and $ to anchor, (?i) to ignore case). Matching takes linear time, so backreferences and lookaround are refused",
    ),
  field: FailureRuleField.default("message").describe("Which part of a failing result's error the pattern reads (manual results: the tester's comment is the message)"),
  defect: RuleDefect.describe("The defect a matching failure is linked to"),
  expiresAt: DateTimeInput.nullable().default(null).describe("Optional, in the future: after it the rule links nothing new"),
});
export type CreateFailureRuleInput = z.input<typeof CreateFailureRuleInput>;

export const FailureRule = z.object({
  id: Id,
  name: z.string(),
  pattern: z.string(),
  field: FailureRuleField,
  defect: z.object({ key: z.string(), url: z.string().nullable(), tracker: z.string() }),
  expiresAt: Timestamp.nullable(),
  active: z.boolean().describe("Not expired"),
  matches: z.number().int().describe("Failing attempts this rule has matched"),
  createdBy: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: Timestamp,
});
export type FailureRule = z.infer<typeof FailureRule>;

export const FailureRuleList = z.object({ data: z.array(FailureRule) });
