import { sql } from "drizzle-orm";

/** postgres.js returns an array from `db.execute`, PGlite `{ rows }`; both carry the same rows. */
export function rowsOf<T>(res: unknown): T[] {
  return Array.isArray(res) ? (res as T[]) : ((res as { rows: T[] }).rows ?? []);
}

/** Escapes LIKE wildcards so a search for "50%" matches the text "50%". */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `col = ${anyOf(values)}` matches any of the values. The list travels as one JSON parameter
 * (the same on postgres.js and PGlite) and is turned into an array before planning, so the
 * planner uses the column's index however large the table has grown since it was last analyzed.
 */
export function anyOf(values: readonly (string | number)[], type: "text" | "int" = "text") {
  const list = sql`${JSON.stringify(values)}::jsonb`;
  return type === "int"
    ? sql`any(array(select value::int from jsonb_array_elements_text(${list})))`
    : sql`any(array(select jsonb_array_elements_text(${list})))`;
}

/**
 * `col = any(${literalTextArray(ids)})` for ids read from our own tables, written into the SQL
 * as a literal (quoted for array and SQL syntax alike). Unlike a parameter, the planner sees the
 * list itself, estimates its rows from the column's statistics and picks the index for a few
 * hundred thousand rows of a large table, where a semi-join against a CTE would scan it all.
 */
export function literalTextArray(ids: readonly string[]) {
  const items = ids.map((id) => `"${id.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",");
  return sql.raw(`'{${items.replace(/'/g, "''")}}'::text[]`);
}
