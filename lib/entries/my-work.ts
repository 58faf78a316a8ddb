import { sql } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { anyOf, rowsOf } from "@/lib/sql";
import type { MyWork } from "./schemas";

type Row = {
  milestone_id: string;
  milestone_name: string;
  due_date: string | null;
  milestone_status: string;
  project_id: string;
  project_key: string;
  project_name: string;
  run_id: string;
  run_name: string;
  run_status: "PLANNED" | "IN_PROGRESS";
  environment_id: string;
  environment_name: string;
  assigned: number;
  untested: number;
  open: number;
};

type EntryRow = {
  id: string;
  run_id: string;
  seq: number;
  title: string;
  priority: MyWork["data"][number]["runs"][number]["entries"][number]["priority"];
  status: MyWork["data"][number]["runs"][number]["entries"][number]["status"];
};

/** Entries listed per run; the counts cover all of them. */
const ENTRIES_PER_RUN = 100;

/**
 * The caller's entries in open (PLANNED or IN_PROGRESS) runs of every project they can see,
 * grouped by milestone, soonest due date first (milestones without one last).
 */
export async function myWork({ ctx }: { ctx: Ctx }): Promise<MyWork> {
  const { actor } = ctx;
  const visible = actor.isAdmin
    ? sql`true`
    : sql`exists (select 1 from project_members pm where pm.project_id = r.project_id and pm.user_id = ${actor.userId})`;
  const restricted = actor.apiKey?.projectId ? sql`r.project_id = ${actor.apiKey.projectId}` : sql`true`;
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      with mine as (
        select e.run_id, count(*)::int as assigned,
               (count(*) filter (where e.status = 'UNTESTED'))::int as untested,
               (count(*) filter (where e.status in ('UNTESTED', 'RETEST')))::int as open
        from run_entries e
        where e.assignee_id = ${actor.userId}
        group by e.run_id
      )
      select m.id as milestone_id, m.name as milestone_name, m.status as milestone_status,
             to_char(m.due_date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due_date,
             p.id as project_id, p.key as project_key, p.name as project_name,
             r.id as run_id, r.name as run_name, r.status as run_status,
             env.id as environment_id, env.name as environment_name,
             mine.assigned, mine.untested, mine.open
      from mine
      join test_runs r on r.id = mine.run_id
      join milestones m on m.id = r.milestone_id
      join environments env on env.id = r.environment_id
      join projects p on p.id = r.project_id
      where r.status in ('PLANNED', 'IN_PROGRESS') and ${visible} and ${restricted}
      order by m.due_date asc nulls last, m.name, m.id, r.created_at, r.id`),
  );
  const entries = await myEntries(ctx, rows.map((r) => r.run_id));
  const groups = new Map<string, MyWork["data"][number]>();
  for (const r of rows) {
    const project = { id: r.project_id, key: r.project_key, name: r.project_name };
    let group = groups.get(r.milestone_id);
    if (!group) {
      group = { milestone: { id: r.milestone_id, name: r.milestone_name, dueDate: r.due_date, status: r.milestone_status }, project, runs: [] };
      groups.set(r.milestone_id, group);
    }
    group.runs.push({
      id: r.run_id,
      name: r.run_name,
      status: r.run_status,
      project,
      environment: { id: r.environment_id, name: r.environment_name },
      assigned: Number(r.assigned),
      untested: Number(r.untested),
      open: Number(r.open),
      entries: (entries.get(r.run_id) ?? []).map((e) => ({
        id: e.id,
        caseKey: `${r.project_key}-${e.seq}`,
        title: e.title,
        priority: e.priority,
        status: e.status,
      })),
    });
  }
  return { data: [...groups.values()] };
}

/** My entries of these runs (already checked visible), open ones first, then in run order. */
async function myEntries(ctx: Ctx, runIds: string[]): Promise<Map<string, EntryRow[]>> {
  const byRun = new Map<string, EntryRow[]>();
  if (!runIds.length) return byRun;
  const rows = rowsOf<EntryRow>(
    await ctx.db.execute(sql`
      select id, run_id, seq, title, priority, status from (
        select e.id, e.run_id, c.seq, c.title, c.priority, e.status,
               row_number() over (partition by e.run_id order by (e.status in ('UNTESTED', 'RETEST')) desc, e.position, e.id) as n
        from run_entries e join test_cases c on c.id = e.case_id
        where e.assignee_id = ${ctx.actor.userId} and e.run_id = ${anyOf(runIds)}
      ) mine
      where n <= ${ENTRIES_PER_RUN}
      order by run_id, n`),
  );
  for (const r of rows) byRun.set(r.run_id, [...(byRun.get(r.run_id) ?? []), r]);
  return byRun;
}
