import { z } from "zod";
import { Id } from "@/lib/api/schemas";

/** Which cases to plan into a run; zod only, shared by run creation and adding entries. */

export const Priority = z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"]);
export const Automation = z.enum(["MANUAL", "AUTOMATED", "TO_BE_AUTOMATED"]);
const IdList = z.array(Id).min(1).max(5000);

export const CaseFilter = z
  .strictObject({
    priorities: z.array(Priority).min(1).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional().describe("Cases with any of these tags"),
    suiteIds: IdList.optional().describe("Cases in these suites or their sub-suites"),
    q: z.string().trim().min(1).max(200).optional().describe("Text in the title or preconditions, or a case key like DEMO-12"),
    automation: z.array(Automation).min(1).optional().describe("Cases with any of these automation statuses"),
  })
  .describe("Every given condition must hold; archived cases are never selected");
export type CaseFilter = z.infer<typeof CaseFilter>;

/** Which cases to plan: exactly one of caseIds, suiteIds or filter. */
export const CaseSelectionFields = {
  caseIds: IdList.optional().describe("Case ids or keys (DEMO-12); archived or unknown ones are a 400"),
  suiteIds: IdList.optional().describe("Every non-archived case of these suites and their sub-suites"),
  filter: CaseFilter.optional(),
};

export type CaseSelection = { caseIds?: string[]; suiteIds?: string[]; filter?: CaseFilter };

/** At most one selection (`required`: exactly one). */
export function refineSelection(v: CaseSelection, ctx: z.RefinementCtx, required: boolean): void {
  const given = (["caseIds", "suiteIds", "filter"] as const).filter((k) => v[k] !== undefined);
  if (given.length > 1) ctx.addIssue({ code: "custom", path: [given[1]], message: "Give one of caseIds, suiteIds or filter" });
  if (required && !given.length) ctx.addIssue({ code: "custom", path: ["caseIds"], message: "Give caseIds, suiteIds or filter" });
}


const csvList = (max: number, upper = false) =>
  z
    .string()
    .max(max)
    .transform((s) => s.split(",").map((v) => (upper ? v.trim().toUpperCase() : v.trim())).filter(Boolean))
    .transform((list) => (list.length ? list : undefined));

/**
 * The filter of run planning as query parameters (comma-separated lists), for previewing what a
 * plan would select before creating the run.
 */
export const SelectionPreviewParams = z.strictObject({
  priorities: csvList(100, true).optional().describe("Comma-separated priorities"),
  tags: csvList(5_000).optional().describe("Comma-separated tags; a case matches when it has any of them"),
  suiteIds: csvList(50_000).optional().describe("Comma-separated suite ids; cases in them or their sub-suites"),
  q: z.string().trim().max(200).optional().transform((v) => v || undefined).describe("Text in the title or preconditions, or a case key"),
  automation: csvList(100, true).optional().describe("Comma-separated automation statuses"),
});
export const SelectionPreviewQuery = SelectionPreviewParams.transform((v) =>
  Object.fromEntries(Object.entries(v).filter(([, value]) => value !== undefined)),
).pipe(CaseFilter);

export const SelectionPreview = z.object({
  count: z.number().int().describe("Non-archived cases the filter selects now"),
  cases: z
    .array(z.object({ id: Id, key: z.string(), title: z.string(), priority: Priority, suitePath: z.string().nullable() }))
    .describe("The first few of them, in run order (suite path, then key)"),
});
export type SelectionPreview = z.infer<typeof SelectionPreview>;
