import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/lib/sql";

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;
const keyOf = (parent: string | null, name: string) => `${parent ?? ""}\u0000${name}`;

/**
 * Finds or creates the suites of each path (names from the top level down), level by level.
 * Returns path (names joined by NUL) → suite id, and how many suites were created.
 */
export async function ensureSuitePaths(tx: Tx, projectId: string, paths: string[][]): Promise<{ ids: Map<string, string>; created: number }> {
  const ids = new Map<string, string>();
  let created = 0;
  const depth = Math.max(0, ...paths.map((p) => p.length));
  for (let level = 0; level < depth; level++) {
    const wanted = new Map<string, { parent_id: string | null; name: string }>();
    for (const path of paths) {
      if (path.length <= level) continue;
      const parent = level === 0 ? null : ids.get(path.slice(0, level).join("\u0000"))!;
      wanted.set(path.slice(0, level + 1).join("\u0000"), { parent_id: parent, name: path[level] });
    }
    const rows = [...wanted.values()];
    // Concurrent writers (CI ingestion) converge on one suite per name and level.
    created += rowsOf(
      await tx.execute(sql`
        insert into suites (project_id, parent_id, name)
        select ${projectId}, x.parent_id, x.name from jsonb_to_recordset(${json(rows)}) as x(parent_id text, name text)
        order by x.parent_id nulls first, x.name
        on conflict (project_id, (coalesce(parent_id, '')), name) do nothing
        returning id`),
    ).length;
    const found = rowsOf<{ id: string; parent_id: string | null; name: string }>(
      await tx.execute(sql`
        select s.id, s.parent_id, s.name
        from jsonb_to_recordset(${json(rows)}) as x(parent_id text, name text)
        join suites s on s.project_id = ${projectId} and coalesce(s.parent_id, '') = coalesce(x.parent_id, '') and s.name = x.name`),
    );
    const byKey = new Map(found.map((r) => [keyOf(r.parent_id, r.name), r.id]));
    for (const [path, row] of wanted) ids.set(path, byKey.get(keyOf(row.parent_id, row.name))!);
  }
  return { ids, created };
}
