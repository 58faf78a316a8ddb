import { sql } from "drizzle-orm";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { csvLine } from "@/lib/csv/write-csv";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import { subtreeIds } from "./summary";

/** The columns of the entries CSV, in order (documented in the README and the OpenAPI row). */
export const ENTRY_CSV_COLUMNS = [
  "milestone",
  "run",
  "run_id",
  "run_status",
  "run_kind",
  "environment",
  "case_key",
  "case_title",
  "priority",
  "status",
  "flaky",
  "executed_at",
  "assignee",
  "defect",
] as const;

/** Entries per query while streaming; memory stays flat however large the milestone is. */
export const ENTRY_CSV_PAGE = 2000;

type RunRow = { id: string; name: string; status: string; kind: string; milestone: string; environment: string };
type EntryRow = {
  id: string;
  position: number;
  seq: number;
  title: string;
  priority: string;
  status: string;
  flaky: boolean;
  executed_ms: number | null;
  assignee: string | null;
  defect: string | null;
};

/**
 * The entries the summary counts (the non-aborted runs of the milestone and of the milestones
 * below it, optionally one environment) as CSV lines: the header first, then each run's entries in position order.
 * Runs come ordered by environment, creation and id; entries are read in keyset pages.
 */
export async function* milestoneEntriesCsv(ctx: ProjectCtx, milestoneId: string, opts: { environmentId?: string; pageSize?: number } = {}): AsyncGenerator<string> {
  const pageSize = opts.pageSize ?? ENTRY_CSV_PAGE;
  authorize(ctx, "project:read");
  const scope = await subtreeIds(ctx, milestoneId);
  if (!scope.length) throw new NotFoundError("Milestone");
  const p = ctx.project.id;
  const runs = rowsOf<RunRow>(
    await ctx.db.execute(sql`
      select r.id, r.name, r.status, r.kind, m.name as milestone, e.name as environment
      from test_runs r join milestones m on m.id = r.milestone_id join environments e on e.id = r.environment_id
      where r.project_id = ${p} and r.status <> 'ABORTED'
        and r.milestone_id in (select jsonb_array_elements_text(${JSON.stringify(scope)}::jsonb))
        ${opts.environmentId ? sql`and r.environment_id = ${opts.environmentId}` : sql``}
      order by e.name, r.created_at, r.id`),
  );
  yield csvLine([...ENTRY_CSV_COLUMNS]);
  for (const run of runs) {
    let after: [number, string] | null = null;
    for (;;) {
      const page: EntryRow[] = rowsOf<EntryRow>(
        await ctx.db.execute(sql`
          select e.id, e.position, c.seq, c.title, c.priority, e.status, e.flaky,
            (extract(epoch from e.last_result_at) * 1000)::float8 as executed_ms,
            u.email as assignee, d.key as defect
          from run_entries e
          join test_cases c on c.id = e.case_id and c.project_id = ${p}
          left join users u on u.id = e.assignee_id
          left join lateral (
            select key from defect_links where case_id = e.case_id and project_id = ${p}
            order by created_at desc, id desc limit 1
          ) d on true
          where e.project_id = ${p} and e.run_id = ${run.id}
            ${after ? sql`and (e.position, e.id) > (${after[0]}, ${after[1]})` : sql``}
          order by e.position, e.id
          limit ${pageSize}`),
      );
      let chunk = "";
      for (const e of page) {
        chunk += csvLine([
          run.milestone,
          run.name,
          run.id,
          run.status,
          run.kind,
          run.environment,
          `${ctx.project.key}-${e.seq}`,
          e.title,
          e.priority,
          e.status,
          e.flaky ? "true" : "false",
          e.executed_ms == null ? "" : new Date(Number(e.executed_ms)).toISOString(),
          e.assignee ?? "",
          e.defect ?? "",
        ]);
      }
      if (chunk) yield chunk;
      if (page.length < pageSize) break;
      const last = page[page.length - 1];
      after = [Number(last.position), last.id];
    }
  }
}
