import type { ProjectCtx } from "@/lib/context";
import { suitePathsById } from "@/lib/suites/queries";
import { toCsv } from "@/lib/csv/write-csv";
import { allCases } from "./queries";
import type { CaseFilter } from "./schemas";

/** The columns of the CSV format, in export order; the import reads them by header name. */
export const CSV_COLUMNS = ["key", "title", "suite", "priority", "type", "tags", "automation", "preconditions", "steps", "requirements"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Suite names in a path are joined with this; suite names may not contain it. */
export const SUITE_PATH_SEPARATOR = " / ";

/** The cases matching the list filters as CSV (see the README for the format). */
export async function exportCasesCsv(ctx: ProjectCtx, filter: CaseFilter): Promise<string> {
  const [cases, paths] = await Promise.all([allCases(ctx, filter), suitePathsById(ctx.db, ctx.project.id)]);
  const rows = cases.map((c) => [
    c.key,
    c.title,
    c.suite ? (paths.get(c.suite.id) ?? [c.suite.name]).join(SUITE_PATH_SEPARATOR) : "",
    c.priority,
    c.type,
    c.tags.join(";"),
    c.automationStatus,
    c.preconditions,
    c.steps.length ? JSON.stringify(c.steps) : "",
    c.requirementKeys.join(";"),
  ]);
  return toCsv([[...CSV_COLUMNS], ...rows]);
}
