/** postgres.js returns an array from `db.execute`, PGlite `{ rows }`; both carry the same rows. */
export function rowsOf<T>(res: unknown): T[] {
  return Array.isArray(res) ? (res as T[]) : ((res as { rows: T[] }).rows ?? []);
}

/** Escapes LIKE wildcards so a search for "50%" matches the text "50%". */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
