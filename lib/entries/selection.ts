import { z } from "zod";
import { Id } from "@/lib/api/schemas";

/** Which cases to plan into a run; zod only, shared by run creation and adding entries. */

export const Priority = z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"]);
const IdList = z.array(Id).min(1).max(5000);

export const CaseFilter = z
  .strictObject({
    priorities: z.array(Priority).min(1).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional().describe("Cases with any of these tags"),
    suiteIds: IdList.optional().describe("Cases in these suites or their sub-suites"),
    q: z.string().trim().min(1).max(200).optional().describe("Text in the title, or a case key like DEMO-12"),
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

