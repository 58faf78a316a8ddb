import { ValidationError } from "@/lib/errors";
import type { PageParams } from "./schemas";

export type { PageParams };

export type Page<T> = { data: T[]; nextCursor: string | null };

/** Cursors are opaque to clients: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    // fall through to the validation error
  }
  throw ValidationError.field("cursor", "Unknown cursor; pass the nextCursor of a previous page.");
}

/** Fetch `limit + 1` rows, then call this: it trims the extra row and builds the next cursor. */
export function toPage<R, T>(rows: R[], limit: number, sortKey: (row: R) => unknown[], map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(sortKey(pageRows[pageRows.length - 1])) : null,
  };
}
