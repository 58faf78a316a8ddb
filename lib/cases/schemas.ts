import { z } from "zod";
import { AUTOMATION_STATUSES, CASE_TYPES, PRIORITIES } from "@/db/schema/cases";
import { csvEnum, Id, PageParams, Timestamp } from "@/lib/api/schemas";
import { RequirementKeys } from "@/lib/requirements/schemas";

export const Priority = z.enum(PRIORITIES);
export const CaseType = z.enum(CASE_TYPES);
export const AutomationStatus = z.enum(AUTOMATION_STATUSES);

export const CaseTitle = z.string().trim().min(1, "Must not be empty").max(500);
export const Preconditions = z.string().max(20_000);

export const CaseStep = z.strictObject({
  action: z.string().trim().min(1, "Must not be empty").max(5_000),
  expected: z.string().trim().max(5_000).default(""),
});
export const CaseSteps = z.array(CaseStep).max(200);

/** Tags are single words or phrases; ";" and "," are excluded because CSV lists use them. */
export const Tag = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(50)
  .regex(/^[^;,]+$/, 'Must not contain ";" or ","');
/** Duplicates dropped, first occurrence kept. */
export const Tags = z
  .array(Tag)
  .max(50)
  .transform((tags) => [...new Set(tags)]);

export const CreateCaseInput = z.strictObject({
  title: CaseTitle,
  suiteId: Id.nullable().default(null),
  preconditions: Preconditions.default(""),
  steps: CaseSteps.default([]),
  priority: Priority.default("MEDIUM"),
  type: CaseType.default("FUNCTIONAL"),
  tags: Tags.default([]),
  automationStatus: AutomationStatus.default("MANUAL"),
  requirementKeys: RequirementKeys.default([]).describe("Requirements this case verifies, by key (SHOP-12); unknown keys are a 400 naming them"),
});
export type CreateCaseInput = z.input<typeof CreateCaseInput>;

export const UpdateCaseInput = z.strictObject({
  title: CaseTitle.optional(),
  suiteId: Id.nullable().optional(),
  preconditions: Preconditions.optional(),
  steps: CaseSteps.optional(),
  priority: Priority.optional(),
  type: CaseType.optional(),
  tags: Tags.optional(),
  automationStatus: AutomationStatus.optional(),
  requirementKeys: RequirementKeys.optional().describe("Replaces the case's requirement links; unknown keys are a 400 naming them"),
  /** false restores an archived case; true archives it (as DELETE does). */
  archived: z.boolean().optional(),
});
export type UpdateCaseInput = z.input<typeof UpdateCaseInput>;

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const CaseListQuery = PageParams.extend({
  q: z.string().trim().max(200).optional().describe("Text in the title, key or preconditions"),
  suiteId: Id.optional().describe("Only cases in this suite"),
  includeDescendants: bool.default(false).describe("With suiteId: also cases in its descendant suites"),
  priority: csvEnum(Priority).optional(),
  tag: z.string().max(1_000).optional().describe("Comma-separated tags; a case matches when it has any of them"),
  automation: AutomationStatus.optional(),
  archived: bool.default(false).describe("true lists archived cases instead of active ones"),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;
export const CaseExportQuery = CaseListQuery.omit({ limit: true, cursor: true });
export type CaseFilter = z.infer<typeof CaseExportQuery>;

export const TestCase = z.object({
  id: Id,
  projectId: Id,
  key: z.string(),
  seq: z.number().int(),
  title: z.string(),
  suite: z.object({ id: Id, name: z.string() }).nullable(),
  preconditions: z.string(),
  steps: z.array(z.object({ action: z.string(), expected: z.string() })),
  priority: Priority,
  type: CaseType,
  tags: z.array(z.string()),
  automationStatus: AutomationStatus,
  automationKey: z.string().nullable(),
  requirementKeys: z.array(z.string()).describe("The requirements this case verifies, by key"),
  externalId: z.string().nullable().describe("The case's id in the tool it was imported from (TestRail's C123)"),
  version: z.number().int(),
  archived: z.boolean(),
  archivedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TestCase = z.infer<typeof TestCase>;

export const CaseVersion = z.object({
  caseId: Id,
  version: z.number().int(),
  title: z.string(),
  preconditions: z.string(),
  steps: z.array(z.object({ action: z.string(), expected: z.string() })),
  priority: Priority,
  editedBy: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: Timestamp,
});
export type CaseVersion = z.infer<typeof CaseVersion>;

const CaseRefs = z
  .array(z.string().trim().min(1).max(100))
  .min(1, "Give at least one case")
  .max(1_000)
  .describe("Case ids or keys like DEMO-12");

export const BulkCaseInput = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("move"), caseIds: CaseRefs, suiteId: Id.nullable() }),
  z
    .strictObject({ action: z.literal("retag"), caseIds: CaseRefs, addTags: Tags.default([]), removeTags: Tags.default([]) })
    .refine((v) => v.addTags.length + v.removeTags.length > 0, { message: "Give addTags or removeTags", path: ["addTags"] }),
  z.strictObject({ action: z.literal("archive"), caseIds: CaseRefs }),
  z.strictObject({ action: z.literal("restore"), caseIds: CaseRefs }),
]);
export type BulkCaseInput = z.input<typeof BulkCaseInput>;

export const BulkOutcome = z.object({
  action: z.enum(["move", "retag", "archive", "restore"]),
  /** Every case named, each once. */
  caseIds: z.array(Id),
  /** Cases whose row actually changed. */
  changed: z.number().int(),
});
export type BulkOutcome = z.infer<typeof BulkOutcome>;

export const ImportOutcome = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  suitesCreated: z.number().int(),
  /** The key of each data row's case, in file order. */
  keys: z.array(z.string()),
});
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const TestRailImportOutcome = ImportOutcome.extend({
  format: z.enum(["csv", "xml"]),
  requirementsCreated: z.number().int().describe("References that named no requirement yet, created as MANUAL requirements"),
});
export type TestRailImportOutcome = z.infer<typeof TestRailImportOutcome>;
