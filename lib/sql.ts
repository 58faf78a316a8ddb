/** postgres.js returns an array from `db.execute`, PGlite `{ rows }`; both carry the same rows. */
export function rowsOf<T>(res: unknown): T[] {
  return Array.isArray(res) ? (res as T[]) : ((res as { rows: T[] }).rows ?? []);
}

/** Escapes LIKE wildcards so a search for "50%" matches the text "50%". */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * True for an instant as keyset cursors write it (`to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`)
 * that Postgres will also accept; a forged cursor must be a 400, never reach the database as a 500.
 */
export function isCursorInstant(v: unknown): v is string {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v)) return false;
  const ms = Date.parse(v);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === v.slice(0, 19) && !v.startsWith("0000");
}
