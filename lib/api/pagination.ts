import { ValidationError } from "@/lib/errors";
import { unstorableReason } from "./storable-text";
import type { PageParams } from "./schemas";

export type { PageParams };

export type Page<T> = { data: T[]; nextCursor: string | null };

/** Cursors are opaque to clients: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/**
 * What each position of a cursor holds: free text (names, ids), a non-negative integer that fits
 * Postgres's `integer` (case numbers), or an exact instant. Every cursor of every list is checked
 * here, so a forged one is a 400 naming `cursor`, never a database error.
 */
export type CursorPart = "text" | "int" | "instant" | "instant-or-infinity";

/**
 * An instant as keyset cursors write it (`to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`) that
 * Postgres also accepts; a forged cursor must be a 400, never reach the database as a 500.
 */
function isCursorInstant(v: unknown): v is string {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v)) return false;
  const ms = Date.parse(v);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === v.slice(0, 19) && !v.startsWith("0000");
}

const PART_OK: Record<CursorPart, (v: unknown) => boolean> = {
  text: (v) => typeof v === "string" && v.length <= 1000 && unstorableReason(v) === undefined,
  int: (v) => typeof v === "string" && /^\d{1,10}$/.test(v) && Number(v) <= 2_147_483_647,
  instant: isCursorInstant,
  "instant-or-infinity": (v) => v === "infinity" || isCursorInstant(v),
};

/** Decodes a cursor written by `toPage`, checking every value against the list's sort key. */
export function decodeCursor(cursor: string | undefined, shape: CursorPart[]): string[] | undefined {
  if (cursor === undefined) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    values = undefined;
  }
  if (Array.isArray(values) && values.length === shape.length && shape.every((part, i) => PART_OK[part](values[i]))) {
    return values as string[];
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
