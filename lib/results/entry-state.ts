import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { testRuns } from "@/db/schema";
import { anyOf, rowsOf } from "@/lib/sql";
import type { ResultStatus as Status } from "./schemas";

/**
 * The one implementation of "an entry's status is its latest attempt's, and the run's counters
 * move by exactly the change", shared by automated ingestion, manual results and run planning.
 */

/** How a run's counters change: per status, total entries and flaky entries. */
export type Delta = Record<Status, number> & { total: number; flaky: number };

export function emptyDelta(): Delta {
  return { PASSED: 0, FAILED: 0, BLOCKED: 0, SKIPPED: 0, RETEST: 0, UNTESTED: 0, total: 0, flaky: 0 };
}

export type EntryState = { status: Status; flaky: boolean };

/** An entry's state from its attempts: the latest attempt's status, flaky when a pass follows a failure. */
export function stateOf(attempts: { status: Status; attempt: number }[]): EntryState {
  const latest = attempts.reduce((a, b) => (b.attempt >= a.attempt ? b : a));
  const failedBefore = attempts.some((a) => a.status === "FAILED" && a.attempt < latest.attempt);
  return { status: latest.status, flaky: latest.status === "PASSED" && failedBefore };
}

/**
 * Sets each touched entry to its latest attempt's status and flaky flag, and returns how the
 * run's counters change. Entries are locked first (in id order, so concurrent batches cannot
 * deadlock), so the recount sees every attempt committed before it.
 */
export async function refreshEntries(tx: Tx, entryIds: string[], created: Map<string, EntryState>): Promise<Delta> {
  const delta = emptyDelta();
  delta.total = created.size;
  for (const state of created.values()) {
    delta[state.status]++;
    if (state.flaky) delta.flaky++;
  }
  if (!entryIds.length) return delta;
  const sorted = [...entryIds].sort();
  const ids = json(sorted);
  const before = rowsOf<{ id: string; status: Status; flaky: boolean }>(
    await tx.execute(sql`
      select id, status, flaky from run_entries
      where id = ${anyOf(sorted)} order by id for update`),
  );
  const after = rowsOf<{ id: string; status: Status; flaky: boolean }>(
    await tx.execute(sql`
      with touched as (
        select jsonb_array_elements_text(${ids}) as entry_id
      ), latest as (
        select distinct on (r.entry_id) r.entry_id, r.status, r.attempt
        from results r where r.entry_id = ${anyOf(sorted)}
        order by r.entry_id, r.attempt desc, r.executed_at desc, r.id desc
      ), first_failure as (
        select r.entry_id, min(r.attempt) as attempt
        from results r where r.entry_id = ${anyOf(sorted)} and r.status = 'FAILED'
        group by r.entry_id
      )
      update run_entries e
      set status = coalesce(l.status, 'UNTESTED'),
          flaky = coalesce(l.status = 'PASSED' and f.attempt < l.attempt, false),
          last_result_at = now(),
          updated_at = now()
      from touched t
      left join latest l on l.entry_id = t.entry_id
      left join first_failure f on f.entry_id = t.entry_id
      where e.id = t.entry_id
      returning e.id, e.status, e.flaky`),
  );
  for (const row of before) {
    delta[row.status]--;
    if (row.flaky) delta.flaky--;
  }
  for (const row of after) {
    delta[row.status]++;
    if (row.flaky) delta.flaky++;
  }
  return delta;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/**
 * Moves the run's counters by `delta`. A result write (`start`, the default) also starts a
 * PLANNED run and records activity; planning changes only the counters.
 */
export async function applyRunDelta(tx: Tx, runId: string, delta: Delta, { start = true }: { start?: boolean } = {}) {
  const [run] = await tx
    .update(testRuns)
    .set({
      total: sql`${testRuns.total} + ${delta.total}`,
      passed: sql`${testRuns.passed} + ${delta.PASSED}`,
      failed: sql`${testRuns.failed} + ${delta.FAILED}`,
      blocked: sql`${testRuns.blocked} + ${delta.BLOCKED}`,
      skipped: sql`${testRuns.skipped} + ${delta.SKIPPED}`,
      retest: sql`${testRuns.retest} + ${delta.RETEST}`,
      untested: sql`${testRuns.untested} + ${delta.UNTESTED}`,
      flaky: sql`${testRuns.flaky} + ${delta.flaky}`,
      ...(start
        ? {
            status: sql`case when ${testRuns.status} = 'PLANNED' then 'IN_PROGRESS' else ${testRuns.status} end`,
            startedAt: sql`coalesce(${testRuns.startedAt}, now())`,
            lastActivityAt: sql`now()`,
          }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(testRuns.id, runId))
    .returning({ id: testRuns.id, status: testRuns.status });
  return run;
}
