import { z } from "zod";
import { Description, Id, Timestamp } from "@/lib/api/schemas";

/** " / " joins suite names in CSV paths, so a name may not contain it. */
export const SuiteName = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(200)
  .refine((s) => !s.includes(" / "), 'Must not contain " / " (it separates suite names in paths)');

const Position = z.number().int().min(0).max(1_000_000);

export const CreateSuiteInput = z.strictObject({
  name: SuiteName,
  parentId: Id.nullable().default(null),
  description: Description.default(""),
  position: Position.optional(),
});
export type CreateSuiteInput = z.input<typeof CreateSuiteInput>;

export const UpdateSuiteInput = z.strictObject({
  name: SuiteName.optional(),
  parentId: Id.nullable().optional(),
  description: Description.optional(),
  position: Position.optional(),
});

export const Suite = z.object({
  id: Id,
  projectId: Id,
  parentId: Id.nullable(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
  /** Depth in the tree: 0 for a top-level suite. */
  depth: z.number().int(),
  /** Names from the top-level suite down to this one. */
  path: z.array(z.string()),
  /** Cases directly in this suite that are not archived. */
  caseCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Suite = z.infer<typeof Suite>;

export const SuiteTree = z.object({ data: z.array(Suite) });

export const DeletedSuite = z.object({
  deletedSuites: z.number().int(),
  /** Cases of the deleted suites that were archived now; they are kept, without a suite. */
  archivedCases: z.number().int(),
  /** Cases detached from the deleted suites, including ones archived before. */
  detachedCases: z.number().int(),
});
export type DeletedSuite = z.infer<typeof DeletedSuite>;
