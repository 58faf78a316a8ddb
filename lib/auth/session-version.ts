import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { users } from "@/db/schema";

/**
 * Sessions are JWTs (no server-side session rows), so ending them early works through a counter
 * per user: each session token carries the user's `session_version` from sign-in in its `sv`
 * claim, every request compares it with the current one, and moving the counter on ends every
 * session issued before. Sign-out, a password set by an admin, a generated reset and the
 * `admin:reset-password` command move it.
 */
export const SESSION_VERSION_CLAIM = "sv";

/** The version a new session gets, or null when the user is missing or disabled. */
export async function currentSessionVersion(db: Db | Tx, userId: string): Promise<number | null> {
  const [row] = await db
    .select({ v: users.sessionVersion })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  return row ? row.v : null;
}

/** The version a token carries, when it carries one (tokens from before versions carry none). */
export function tokenSessionVersion(token: Record<string, unknown> | null | undefined): number | undefined {
  const v = token?.[SESSION_VERSION_CLAIM];
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/** Whether a token's session is still current: its user is active and has not moved the version on since. */
export async function sessionIsCurrent(db: Db | Tx, userId: string, version: number | undefined): Promise<boolean> {
  return version !== undefined && (await currentSessionVersion(db, userId)) === version;
}

/**
 * Ends every session of the user (the caller's own too, when it is one of them). With
 * `onlyIfVersion`, only when that is still the current version: signing out a session that has
 * already ended ends nothing more.
 */
export async function endSessions(db: Db | Tx, userId: string, onlyIfVersion?: number): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), onlyIfVersion === undefined ? undefined : eq(users.sessionVersion, onlyIfVersion)));
}
