import { ValidationError, type ErrorDetail } from "@/lib/errors";

/**
 * Text PostgreSQL cannot store: a NUL character (text columns refuse 0x00) or a lone UTF-16
 * surrogate (`"\ud800"` in JSON parses fine, but has no UTF-8 encoding). Returns why, or undefined.
 */
export function unstorableReason(s: string): string | undefined {
  if (s.includes("\u0000")) return "Must not contain the NUL character (\\u0000)";
  if (LONE_SURROGATE.test(s)) return "Must be valid Unicode text (a lone UTF-16 surrogate was found)";
  return undefined;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first string (or object key) in a parsed value that Postgres could not store, named the way
 * validation errors name fields (`results.3.title`). Iterative, with each node pointing at its
 * parent, so a deeply nested body costs neither stack nor a path copy per level.
 */
export function findUnstorableText(value: unknown, prefix?: string): ErrorDetail | undefined {
  type Node = { value: unknown; key: string | undefined; parent: Node | undefined };
  const name = (node: Node | undefined, last?: string) => {
    const path: string[] = last === undefined ? [] : [last];
    for (let n = node; n; n = n.parent) if (n.key !== undefined) path.unshift(n.key);
    if (prefix) path.unshift(prefix);
    return path.join(".") || "(body)";
  };
  const stack: Node[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === "string") {
      const reason = unstorableReason(v);
      if (reason) return { field: name(node), message: reason };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: node });
    } else if (v && typeof v === "object" && !(v instanceof Date)) {
      const entries = Object.entries(v);
      for (const [key] of entries) {
        const reason = unstorableReason(key);
        if (reason) return { field: name(node, [...key].map((ch) => (unstorableReason(ch) ? "\ufffd" : ch)).join("")), message: `Field name: ${reason}` };
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], key: entries[i][0], parent: node });
    }
  }
  return undefined;
}

/** Throws a 400 naming the field when the value holds text Postgres could not store. */
export function assertStorableText(value: unknown, prefix?: string): void {
  const bad = findUnstorableText(value, prefix);
  if (bad) throw new ValidationError(`Invalid input: ${bad.field}`, [bad]);
}
