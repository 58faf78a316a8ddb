/**
 * The canonical serialization the evidence manifest is hashed in: JSON without whitespace,
 * object keys sorted by UTF-16 code units (JavaScript's default sort), arrays in their order,
 * properties whose value is undefined left out (as JSON.stringify does), non-finite numbers as
 * null. Every list of the manifest is put in a stable order (by time, then id) before it gets
 * here, so the same data always gives the same bytes and the same SHA-256.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object": {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
    }
    default:
      return "null";
  }
}
