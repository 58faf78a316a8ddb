import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/lib/sql";

/**
 * Takes `count` consecutive case numbers for a project and returns the first. The row lock on
 * the project serialises concurrent writers, as CI ingestion does.
 */
export async function takeCaseNumbers(tx: Pick<Tx, "execute">, projectId: string, count: number): Promise<number> {
  const [{ case_seq: last }] = rowsOf<{ case_seq: number }>(
    await tx.execute(sql`update projects set case_seq = case_seq + ${count} where id = ${projectId} returning case_seq`),
  );
  return Number(last) - count + 1;
}

/** Saves the case's current content as the version row its `version` names (the history holds every version). */
export async function snapshotVersion(tx: Pick<Tx, "execute">, caseId: string, editedById: string | null): Promise<void> {
  await tx.execute(sql`
    insert into test_case_versions (case_id, version, title, preconditions, steps, priority, edited_by_id)
    select id, version, title, preconditions, steps, priority, ${editedById} from test_cases where id = ${caseId}`);
}
