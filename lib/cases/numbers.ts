import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ConflictError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";

/**
 * The highest case number handed out. `projects.case_seq` and `test_cases.seq` are Postgres
 * `integer`s (2,147,483,647); stopping well short of that turns runaway growth into a clear 409
 * instead of an overflow, with room left for keys that clients already hold.
 */
export const MAX_CASE_NUMBER = 2_000_000_000;

/**
 * Takes `count` consecutive case numbers for a project and returns the first. The row lock on
 * the project serialises concurrent writers, as CI ingestion does.
 */
export async function takeCaseNumbers(tx: Pick<Tx, "execute">, projectId: string, count: number): Promise<number> {
  const [row] = rowsOf<{ case_seq: number }>(
    await tx.execute(sql`
      update projects set case_seq = case_seq + ${count}
      where id = ${projectId} and case_seq <= ${MAX_CASE_NUMBER - count}
      returning case_seq`),
  );
  if (!row) throw new ConflictError(`This project has used up its case numbers (at most ${MAX_CASE_NUMBER}); no case was created.`);
  return Number(row.case_seq) - count + 1;
}

/** Saves the case's current content as the version row its `version` names (the history holds every version). */
export async function snapshotVersion(tx: Pick<Tx, "execute">, caseId: string, editedById: string | null): Promise<void> {
  await tx.execute(sql`
    insert into test_case_versions (case_id, version, title, preconditions, steps, priority, edited_by_id)
    select id, version, title, preconditions, steps, priority, ${editedById} from test_cases where id = ${caseId}`);
}
