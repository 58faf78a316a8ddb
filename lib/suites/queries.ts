import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import type { Suite } from "./schemas";

type SuiteRow = {
  id: string;
  project_id: string;
  parent_id: string | null;
  name: string;
  description: string;
  position: number;
  case_count: number;
  created_at: string;
  updated_at: string;
};

const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

async function suiteRows(db: Pick<Tx, "execute">, projectId: string): Promise<SuiteRow[]> {
  return rowsOf<SuiteRow>(
    await db.execute(sql`
      select s.id, s.project_id, s.parent_id, s.name, s.description, s.position,
             (select count(*) from test_cases c where c.suite_id = s.id and c.archived_at is null)::int as case_count,
             ${iso("s.created_at")} as created_at, ${iso("s.updated_at")} as updated_at
      from suites s where s.project_id = ${projectId}`),
  );
}

/** Depth-first display order: siblings by position, then name. */
function inDisplayOrder(rows: SuiteRow[]): Suite[] {
  const children = new Map<string | null, SuiteRow[]>();
  for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  const out: Suite[] = [];
  const visit = (parent: string | null, path: string[]) => {
    for (const r of children.get(parent) ?? []) {
      const here = [...path, r.name];
      out.push({
        id: r.id,
        projectId: r.project_id,
        parentId: r.parent_id,
        name: r.name,
        description: r.description,
        position: r.position,
        depth: path.length,
        path: here,
        caseCount: Number(r.case_count),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      });
      visit(r.id, here);
    }
  };
  visit(null, []);
  return out;
}

/** The project's whole suite tree, flat, in display order (each suite followed by its children). */
export async function listSuites(ctx: ProjectCtx): Promise<{ data: Suite[] }> {
  return { data: inDisplayOrder(await suiteRows(ctx.db, ctx.project.id)) };
}

export async function getSuite(ctx: ProjectCtx, suiteId: string): Promise<Suite> {
  const suite = (await listSuites(ctx)).data.find((s) => s.id === suiteId);
  if (!suite) throw new NotFoundError("Suite");
  return suite;
}

/** Suite id → its path of names, for every suite of the project. */
export async function suitePathsById(db: Pick<Tx, "execute">, projectId: string): Promise<Map<string, string[]>> {
  return new Map(inDisplayOrder(await suiteRows(db, projectId)).map((s) => [s.id, s.path]));
}

/** The suite and all its descendants. */
export async function subtreeIds(db: Pick<Tx, "execute">, projectId: string, suiteId: string): Promise<string[]> {
  return rowsOf<{ id: string }>(
    await db.execute(sql`
      with recursive tree as (
        select id from suites where project_id = ${projectId} and id = ${suiteId}
        union all
        select s.id from suites s join tree t on s.parent_id = t.id where s.project_id = ${projectId}
      )
      select id from tree`),
  ).map((r) => r.id);
}

/** A suite given as input (a case's or a parent) must exist in this project: otherwise a 400 on that field. */
export async function assertSuiteInProject(db: Pick<Tx, "execute">, projectId: string, suiteId: string, field: string): Promise<void> {
  const found = rowsOf(await db.execute(sql`select 1 from suites where project_id = ${projectId} and id = ${suiteId}`));
  if (!found.length) throw ValidationError.field(field, "No such suite in this project");
}
