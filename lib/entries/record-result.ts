import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError, PG, ValidationError, pgConstraint, pgErrorCode } from "@/lib/errors";
import { applyRunDelta, refreshEntries } from "@/lib/results/entry-state";
import { linkKnownFailures } from "@/lib/failure-rules/link-known-failures";
import { retryOnConflict } from "@/lib/retry";
import { getRun } from "@/lib/runs/queries";
import { rowsOf } from "@/lib/sql";
import { ManualResultInput, type ManualResultOutcome } from "./schemas";

type LockedEntry = { id: string; case_id: string; case_version: number; run_status: string };

type ResultRow = {
  id: string;
  entry_id: string;
  status: ManualResultOutcome["result"]["status"];
  attempt: number;
  comment: string | null;
  step_results: ManualResultOutcome["result"]["stepResults"];
  duration_ms: number | null;
  executed_by_id: string | null;
  executed_by_name: string | null;
  executed_at: string;
  idempotency_key: string;
};

const resultColumns = sql`r.id, r.entry_id, r.status, r.attempt, r.comment, r.step_results, r.duration_ms, r.executed_by_id,
  u.name as executed_by_name, to_char(r.executed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as executed_at, r.idempotency_key`;

/**
 * Records one manual attempt on a run entry. The entry's row lock serialises writers of the same
 * entry, so concurrent testers each get their own attempt number and nothing is lost; the entry
 * takes the latest attempt's status and the run's counters move by exactly the change, in the
 * same transaction (the refresh automated ingestion uses). A retried save with the same
 * idempotency key returns the stored attempt (`duplicate: true`).
 */
export async function recordResult({
  ctx,
  runId,
  entryId,
  input,
}: {
  ctx: ProjectCtx;
  runId: string;
  entryId: string;
  input: unknown;
}): Promise<ManualResultOutcome> {
  authorize(ctx, "run:write");
  const data = parse(ManualResultInput, input);
  const write = () =>
    ctx.db.transaction(async (tx) => {
      const entry = await lockEntry(tx, ctx, runId, entryId);
      if (data.idempotencyKey) {
        const stored = await findByKey(tx, runId, data.idempotencyKey);
        if (stored && stored.entry_id !== entryId) {
          throw new ConflictError("This idempotencyKey was already used for another entry of the run.");
        }
        if (stored) return outcome(tx, ctx, runId, entryId, stored, true);
      }
      if (entry.run_status === "COMPLETED" || entry.run_status === "ABORTED") {
        throw new ConflictError(`This run is ${entry.run_status}; it takes no more results.`);
      }
      if (data.stepResults?.length) await assertSteps(tx, entry, data.stepResults);
      const [inserted] = rowsOf<{ id: string }>(
        await tx.execute(sql`
          insert into results (project_id, run_id, entry_id, status, attempt, duration_ms, step_results, comment,
                               executed_by_id, idempotency_key)
          select ${ctx.project.id}, ${runId}, ${entryId}, ${data.status},
                 coalesce((select max(attempt) + 1 from results where entry_id = ${entryId}), 1),
                 ${data.durationMs ?? null}, ${data.stepResults ? JSON.stringify(data.stepResults) : null}::jsonb,
                 ${data.comment ?? null}, ${ctx.actor.userId}, ${data.idempotencyKey ?? randomUUID()}
          returning id`),
      );
      const delta = await refreshEntries(tx, [entryId], new Map());
      await applyRunDelta(tx, runId, delta);
      if (data.defect) {
        await tx.execute(sql`
          insert into defect_links (project_id, case_id, entry_id, result_id, tracker, key, url, created_by_id)
          values (${ctx.project.id}, ${entry.case_id}, ${entryId}, ${inserted.id}, ${data.defect.tracker ?? "OTHER"},
                  ${data.defect.key}, ${data.defect.url ?? null}, ${ctx.actor.userId})
          on conflict (case_id, tracker, key) do nothing`);
      } else {
        // A known failure: the tester's comment is the message the project's rules read.
        await linkKnownFailures(tx, ctx.project.id, ctx.actor.userId, [
          { resultId: inserted.id, entryId, caseId: entry.case_id, status: data.status, error: data.comment ? { message: data.comment } : null },
        ]);
      }
      const stored = (await findById(tx, inserted.id))!;
      const defectKey = data.defect && { caseId: entry.case_id, tracker: data.defect.tracker ?? "OTHER", key: data.defect.key };
      const result = await outcome(tx, ctx, runId, entryId, stored, false, defectKey);
      await recordAudit(tx, ctx, {
        projectId: ctx.project.id,
        action: "result.record",
        entityType: "run_entry",
        entityId: entryId,
        after: { runId, resultId: inserted.id, status: data.status, attempt: stored.attempt, defect: data.defect?.key ?? null },
      });
      return result;
    });
  try {
    return await retryOnConflict(write);
  } catch (err) {
    // The same key sent concurrently for two different entries: one wins, the other is told.
    if (pgErrorCode(err) === PG.uniqueViolation && pgConstraint(err) === "results_idempotency_key") {
      throw new ConflictError("This idempotencyKey was already used for another entry of the run.");
    }
    throw err;
  }
}

async function lockEntry(tx: Tx, ctx: ProjectCtx, runId: string, entryId: string): Promise<LockedEntry> {
  const [entry] = rowsOf<LockedEntry>(
    await tx.execute(sql`
      select e.id, e.case_id, e.case_version, r.status as run_status
      from run_entries e join test_runs r on r.id = e.run_id
      where e.id = ${entryId} and e.run_id = ${runId} and e.project_id = ${ctx.project.id}
      for update of e`),
  );
  if (!entry) throw new NotFoundError("Run entry");
  return entry;
}

/** Step results must name steps of the case version the entry executes. */
async function assertSteps(tx: Tx, entry: LockedEntry, steps: { index: number }[]): Promise<void> {
  const [row] = rowsOf<{ count: number }>(
    await tx.execute(sql`
      select coalesce(
        (select jsonb_array_length(steps) from test_case_versions where case_id = ${entry.case_id} and version = ${entry.case_version}),
        (select jsonb_array_length(steps) from test_cases where id = ${entry.case_id}),
        0) as count`),
  );
  const count = Number(row.count);
  const bad = steps.map((s, i) => ({ ...s, i })).filter((s) => s.index >= count);
  if (bad.length) {
    throw new ValidationError(
      "Invalid input: stepResults",
      bad.map((s) => ({ field: `stepResults.${s.i}.index`, message: `The case (version ${entry.case_version}) has ${count} steps; index ${s.index} does not exist` })),
    );
  }
}

async function findByKey(tx: Tx, runId: string, key: string): Promise<ResultRow | undefined> {
  const [row] = rowsOf<ResultRow>(
    await tx.execute(sql`
      select ${resultColumns} from results r left join users u on u.id = r.executed_by_id
      where r.run_id = ${runId} and r.idempotency_key = ${key}`),
  );
  return row;
}

async function findById(tx: Tx, id: string): Promise<ResultRow | undefined> {
  const [row] = rowsOf<ResultRow>(
    await tx.execute(sql`select ${resultColumns} from results r left join users u on u.id = r.executed_by_id where r.id = ${id}`),
  );
  return row;
}

async function outcome(
  tx: Tx,
  ctx: ProjectCtx,
  runId: string,
  entryId: string,
  r: ResultRow,
  duplicate: boolean,
  defectKey?: { caseId: string; tracker: string; key: string },
): Promise<ManualResultOutcome> {
  const [entry] = rowsOf<{ id: string; status: ManualResultOutcome["entry"]["status"]; flaky: boolean; attempts: number; last_result_at: string | null }>(
    await tx.execute(sql`
      select e.id, e.status, e.flaky, (select count(*) from results x where x.entry_id = e.id)::int as attempts,
             to_char(e.last_result_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_result_at
      from run_entries e where e.id = ${entryId}`),
  );
  const [defect] = rowsOf<{ id: string; tracker: string; key: string; url: string | null }>(
    await tx.execute(
      defectKey
        ? sql`select id, tracker, key, url from defect_links where case_id = ${defectKey.caseId} and tracker = ${defectKey.tracker} and key = ${defectKey.key}`
        : sql`select id, tracker, key, url from defect_links where result_id = ${r.id} order by created_at limit 1`,
    ),
  );
  const run = await getRun(ctx, runId, tx);
  return {
    duplicate,
    result: {
      id: r.id,
      entryId: r.entry_id,
      status: r.status,
      attempt: Number(r.attempt),
      comment: r.comment,
      stepResults: r.step_results,
      durationMs: r.duration_ms,
      executedBy: r.executed_by_id ? { id: r.executed_by_id, name: r.executed_by_name ?? "" } : null,
      executedAt: r.executed_at,
      idempotencyKey: r.idempotency_key,
      defect: defect ?? null,
    },
    entry: { id: entry.id, status: entry.status, flaky: entry.flaky, attempts: Number(entry.attempts), lastResultAt: entry.last_result_at },
    run: { id: run.id, status: run.status, counts: run.counts },
  };
}
