/** The part of a change an audit row keeps: only the fields whose values differ. */
export type FieldChanges = { before: Record<string, unknown>; after: Record<string, unknown> };

/**
 * Compares the row as it was with the fields being written and keeps only real changes, so an
 * audit row says what changed rather than what was sent. Fields written as `undefined` are not
 * being written. Dates compare by instant (a Date also equals an ISO string of the same
 * instant); arrays and objects compare by their JSON, ignoring key order as jsonb does.
 */
export function changedFields(before: Record<string, unknown>, written: Record<string, unknown>): FieldChanges {
  const out: FieldChanges = { before: {}, after: {} };
  for (const [field, next] of Object.entries(written)) {
    if (next === undefined) continue;
    const prev = before[field] ?? null;
    if (sameValue(prev, next)) continue;
    out.before[field] = prev;
    out.after[field] = next;
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    const ta = instant(a);
    return ta !== undefined && ta === instant(b);
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  return stableJson(a) === stableJson(b);
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value,
  );
}

function instant(v: unknown): number | undefined {
  const t = v instanceof Date ? v.getTime() : typeof v === "string" ? Date.parse(v) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
}
