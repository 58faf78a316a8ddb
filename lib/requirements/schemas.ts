import { z } from "zod";
import { REQUIREMENT_SOURCES } from "@/db/schema/requirements";
import { Id, PageParams, Timestamp } from "@/lib/api/schemas";

export const RequirementSource = z.enum(REQUIREMENT_SOURCES);
export type RequirementSource = z.infer<typeof RequirementSource>;

/**
 * A requirement's key, unique per project: letters, digits, `.`, `_` and `-`, like SHOP-12 or
 * REQ-7. Stored upper case, so `shop-12` and `SHOP-12` are the same requirement.
 */
export const REQUIREMENT_KEY_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,99}$/;
export const RequirementKey = z
  .string()
  .trim()
  .toUpperCase()
  .regex(REQUIREMENT_KEY_PATTERN, "Use up to 100 letters, digits, '.', '_' or '-', starting with a letter or digit, like SHOP-12");

/** Keys given to link or scope: each once, first occurrence kept. */
export const RequirementKeys = z
  .array(RequirementKey)
  .max(500)
  .transform((keys) => [...new Set(keys)]);

export const RequirementTitle = z.string().trim().max(500);
export const RequirementUrl = z
  .string()
  .trim()
  .max(2_000)
  .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), "Must be an http(s) URL");

export const CreateRequirementInput = z.strictObject({
  key: RequirementKey,
  title: RequirementTitle.default(""),
  url: RequirementUrl.nullable().default(null),
  source: RequirementSource.default("MANUAL"),
});
export type CreateRequirementInput = z.input<typeof CreateRequirementInput>;

export const UpdateRequirementInput = z.strictObject({
  key: RequirementKey.optional(),
  title: RequirementTitle.optional(),
  url: RequirementUrl.nullable().optional(),
  source: RequirementSource.optional(),
});
export type UpdateRequirementInput = z.input<typeof UpdateRequirementInput>;

export const RequirementListQuery = PageParams.extend({
  q: z.string().trim().max(200).optional().describe("Text in the key or title"),
  source: RequirementSource.optional(),
});
export type RequirementListQuery = z.infer<typeof RequirementListQuery>;

export const Requirement = z.object({
  id: Id,
  projectId: Id,
  key: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  source: RequirementSource,
  fixVersions: z.array(z.string()).describe("Jira's fixVersions of the issue, as last imported"),
  caseKeys: z.array(z.string()).describe("The cases linked to this requirement (keys like DEMO-12)"),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Requirement = z.infer<typeof Requirement>;

export const SetMilestoneRequirementsInput = z.strictObject({
  keys: RequirementKeys.describe("Every requirement the milestone must verify; replaces the previous scope"),
});

export const MilestoneRequirements = z.object({
  milestoneId: Id,
  keys: z.array(z.string()).describe("The requirements set on this milestone, by key"),
});
export type MilestoneRequirements = z.infer<typeof MilestoneRequirements>;

export const JiraRequirementImportInput = z.strictObject({
  jql: z.string().trim().min(1, "Must not be empty").max(2_000).describe("The Jira search, like `project = SHOP AND type = Story`"),
  milestoneId: Id.optional().describe("Add the imported requirements whose fixVersion equals this milestone's name to its scope"),
});

export const JiraRequirementImportOutcome = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  keys: z.array(z.string()).describe("Every imported key, in Jira's order"),
  addedToMilestone: z.array(z.string()).describe("Keys added to the milestone's scope (with milestoneId)"),
});
export type JiraRequirementImportOutcome = z.infer<typeof JiraRequirementImportOutcome>;

// Coverage per milestone

export const CoverageStatus = z
  .enum(["OK", "NOK", "NOT_RUN", "UNCOVERED"])
  .describe(
    "Over the latest attempt of each linked case per environment, in the milestone's and its phases' non-aborted runs (a FAILED or BLOCKED attempt newer than the latest pass stands, as in the summary's failures). UNCOVERED: no linked case has an entry. NOK: a latest attempt is FAILED or BLOCKED and no active waiver accepts it. NOT_RUN: otherwise, some latest attempt is not executed (UNTESTED, RETEST, SKIPPED). OK: every latest attempt passed (or failed under an active waiver)",
  );
export type CoverageStatus = z.infer<typeof CoverageStatus>;

export const CoverageTotals = z.object({
  inScope: z.number().int(),
  ok: z.number().int(),
  nok: z.number().int(),
  notRun: z.number().int(),
  uncovered: z.number().int(),
});
export type CoverageTotals = z.infer<typeof CoverageTotals>;

const EnvironmentRef = z.object({ id: Id, name: z.string() });

export const CoverageAttempt = z.object({
  environment: EnvironmentRef,
  status: z.enum(["PASSED", "FAILED", "BLOCKED", "SKIPPED", "RETEST", "UNTESTED"]).describe("The latest attempt's status (UNTESTED when none of the entries has a result)"),
  coverage: CoverageStatus,
  waived: z.boolean().describe("A FAILED or BLOCKED attempt accepted by an active waiver"),
  runId: Id,
  entryId: Id,
  executedAt: Timestamp.nullable(),
  entries: z.number().int().describe("How many entries the case has in this environment's runs of the milestone"),
});
export type CoverageAttempt = z.infer<typeof CoverageAttempt>;

export const CoverageCase = z.object({
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  status: CoverageStatus.describe("This case alone, by the same rules"),
  attempts: z.array(CoverageAttempt).describe("The latest attempt per environment; environments without an entry are left out"),
});
export type CoverageCase = z.infer<typeof CoverageCase>;

export const CoverageRequirement = z.object({
  id: Id,
  key: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  status: CoverageStatus,
  environments: z
    .array(z.object({ environment: EnvironmentRef, status: CoverageStatus }))
    .describe("The status in each environment of the answer's `environments`, in that order"),
  cases: z.array(CoverageCase),
});
export type CoverageRequirement = z.infer<typeof CoverageRequirement>;

export const MilestoneCoverage = z.object({
  milestone: z.object({ id: Id, name: z.string() }),
  environment: EnvironmentRef.nullable().describe("The environment filter, if any"),
  environments: z.array(EnvironmentRef).describe("The environments with non-aborted runs in the milestone (or the filter's), by name"),
  totals: CoverageTotals,
  requirements: z.array(CoverageRequirement),
});
export type MilestoneCoverage = z.infer<typeof MilestoneCoverage>;

export const CoverageQuery = z.object({
  environment: z.string().trim().min(1).max(200).optional().describe("Only this environment's runs (id or name)"),
});
