import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/lib/sql";

export type CaseSpec = {
  title: string;
  /** Suite names from the root; created when missing. */
  suite?: string[];
  priority?: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";
  tags?: string[];
  steps?: { action: string; expected: string }[];
  /** The case's current version (earlier versions are stored too, with no steps). */
  version?: number;
  archived?: boolean;
};

export type Fixture = { id: string; seq: number; key: string; suiteId: string | null };

/** Inserts manual cases (and their suites) straight into the database, independent of the case API. */
export async function insertCases(project: { id: string; key: string }, specs: CaseSpec[]): Promise<Fixture[]> {
  const db = getDb();
  const out: Fixture[] = [];
  for (const spec of specs) {
    let parent: string | null = null;
    for (const name of spec.suite ?? []) {
      await db.execute(sql`
        insert into suites (project_id, parent_id, name) values (${project.id}, ${parent}, ${name})
        on conflict (project_id, (coalesce(parent_id, '')), name) do nothing`);
      const [suite]: { id: string }[] = rowsOf<{ id: string }>(
        await db.execute(sql`select id from suites where project_id = ${project.id} and coalesce(parent_id, '') = ${parent ?? ""} and name = ${name}`),
      );
      parent = suite.id;
    }
    const [{ case_seq: seq }] = rowsOf<{ case_seq: number }>(
      await db.execute(sql`update projects set case_seq = case_seq + 1 where id = ${project.id} returning case_seq`),
    );
    const version = spec.version ?? 1;
    const steps = JSON.stringify(spec.steps ?? []);
    const tags = JSON.stringify(spec.tags ?? []);
    const [row] = rowsOf<{ id: string }>(
      await db.execute(sql`
        insert into test_cases (project_id, suite_id, seq, title, priority, tags, steps, version, archived_at)
        values (${project.id}, ${parent}, ${seq}, ${spec.title}, ${spec.priority ?? "MEDIUM"},
                array(select jsonb_array_elements_text(${tags}::jsonb)), ${steps}::jsonb, ${version},
                ${spec.archived ? sql`now()` : null})
        returning id`),
    );
    for (let v = 1; v <= version; v++) {
      await db.execute(sql`
        insert into test_case_versions (case_id, version, title, priority, steps)
        values (${row.id}, ${v}, ${spec.title}, ${spec.priority ?? "MEDIUM"}, ${v === version ? steps : "[]"}::jsonb)`);
    }
    out.push({ id: row.id, seq: Number(seq), key: `${project.key}-${seq}`, suiteId: parent });
  }
  return out;
}

/** The run's entries straight from the database, by position. */
export async function entriesOf(runId: string) {
  return rowsOf<{ id: string; case_id: string; case_version: number; status: string; position: number; assignee_id: string | null }>(
    await getDb().execute(sql`select id, case_id, case_version, status, position, assignee_id from run_entries where run_id = ${runId} order by position, id`),
  );
}
