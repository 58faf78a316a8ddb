import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ConflictError } from "@/lib/errors";
import type { SessionRow } from "./queries";

/** Notes are written while the session runs: a planned session is started first, a finished one is final. */
export function assertRunning(session: SessionRow, what: string): void {
  if (session.status === "IN_PROGRESS") return;
  if (session.status === "PLANNED") throw new ConflictError(`Start the session before you ${what}: PATCH it with {"status": "IN_PROGRESS"}.`);
  throw new ConflictError(`The session is ${session.status}; you can no longer ${what}.`);
}

/** Findings change the milestone's numbers, so the session counts as changed (sign-offs go stale). */
export async function touchSession(tx: Tx, session: SessionRow): Promise<void> {
  await tx.execute(sql`update test_runs set last_activity_at = now(), updated_at = now() where id = ${session.id}`);
}
