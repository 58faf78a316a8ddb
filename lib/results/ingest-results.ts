import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { testRuns } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { findUnstorableText } from "@/lib/api/storable-text";
import { linkRequirementsFromResults } from "@/lib/requirements/link-from-results";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError, PayloadTooLargeError } from "@/lib/errors";
import { retryOnConflict } from "@/lib/retry";
import { takeCaseNumbers } from "@/lib/cases/numbers";
import { anyOf, rowsOf } from "@/lib/sql";
import { applyRunDelta, refreshEntries, stateOf, type EntryState } from "./entry-state";
import { normalizeResult, type NormalizedResult } from "./normalize";
import { MAX_RESULTS_PER_BATCH, ResultBatchInput, ResultInput, type BatchOutcome, type ItemError, type ResultStatus } from "./schemas";

type Status = ResultStatus;

/**
 * Stores a batch of automated results in one transaction, set-based: unknown tests become
 * automated cases (suites from their suite path), entries are upserted, every attempt is
 * appended once (idempotency key), entries take their latest attempt's status and are marked
 * flaky when a pass follows a failure, and the run's counters move by exactly the change.
 * Invalid items are reported per index; the valid ones are stored.
 */
export async function ingestResults({ ctx, runId, input }: { ctx: ProjectCtx; runId: string; input: unknown }): Promise<BatchOutcome> {
  authorize(ctx, "run:write");
  const { results: raw } = parse(ResultBatchInput, input);
  if (raw.length > MAX_RESULTS_PER_BATCH) {
    throw new PayloadTooLargeError(`Send at most ${MAX_RESULTS_PER_BATCH} results per request; this one has ${raw.length}.`);
  }
  const { valid, errors } = prepareResults(raw);
  return retryOnConflict(async () => {
    // Numbers are taken outside the transaction, so a batch the run will refuse must not take any.
    const caseNumbers = (await runTakesResults(ctx, runId)) ? await reserveCaseNumbers(ctx, valid) : undefined;
    return ctx.db.transaction(async (tx) => {
      const replay = await replayIntoClosedRun(tx, ctx, runId, valid);
      if (replay) return { ...replay, received: raw.length, errors: [...errors, ...replay.errors].sort((a, b) => a.index - b.index) };
      const stored = await storeResults(tx, ctx, runId, valid, caseNumbers);
      const outcome: BatchOutcome = {
        received: raw.length,
        created: stored.created,
        duplicates: stored.duplicates,
        errors: [...errors, ...stored.errors].sort((a, b) => a.index - b.index),
        casesCreated: stored.casesCreated,
        results: stored.results,
        run: stored.run,
      };
      await auditIngest(tx, ctx, runId, "results.ingest", outcome);
      return outcome;
    });
  });
}

/**
 * Whether the run takes results, checked before case numbers are reserved: an unknown run is a 404
 * at once; a closed one still goes on to the transaction, which may answer a replay as duplicates.
 */
async function runTakesResults(ctx: ProjectCtx, runId: string): Promise<boolean> {
  try {
    await assertRunAcceptsResults(ctx.db, ctx, runId);
    return true;
  } catch (err) {
    if (err instanceof ConflictError) return false;
    throw err;
  }
}

/** What a batch found before its transaction: existing automated cases, and numbers reserved for new ones, by testKey. */
export type CasePlan = { found: Map<string, string>; numbers: Map<string, number> };

/**
 * Reserves case numbers for the tests a batch will create, in a statement of its own, so that
 * concurrent batches (shards) do not queue behind one another on the project row for their
 * whole transaction. A number reserved for a case that another batch creates first is skipped:
 * case numbers may have gaps, never duplicates.
 */
export async function reserveCaseNumbers(ctx: ProjectCtx, items: NormalizedResult[]): Promise<CasePlan> {
  return planCases(ctx.db, ctx.project.id, [...new Set(items.filter((i) => !i.caseKey).map((i) => i.testKey))]);
}

async function planCases(db: Pick<Tx, "execute">, projectId: string, keys: string[]): Promise<CasePlan> {
  const found = await findAutomatedCases(db, projectId, keys);
  const missing = keys.filter((k) => !found.has(k)).sort();
  const first = missing.length ? await takeCaseNumbers(db, projectId, missing.length) : 0;
  return { found, numbers: new Map(missing.map((k, n) => [k, first + n])) };
}

async function findAutomatedCases(db: Pick<Tx, "execute">, projectId: string, keys: string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const rows = rowsOf<{ id: string; automation_key: string }>(
    await db.execute(sql`
      select id, automation_key from test_cases
      where project_id = ${projectId} and automation_key = ${anyOf(keys)}`),
  );
  return new Map(rows.map((r) => [r.automation_key, r.id]));
}


/** Validates raw items one by one; `offset` numbers them when they are part of a larger upload. */
export function prepareResults(raw: unknown[], offset = 0): { valid: NormalizedResult[]; errors: ItemError[] } {
  const errors: ItemError[] = [];
  const valid: NormalizedResult[] = [];
  raw.forEach((item, i) => {
    const index = offset + i;
    // JUnit items come from XML, not through the JSON body check: `&#0;` or a lone `&#xD800;` ends here.
    const unstorable = findUnstorableText(item);
    if (unstorable) {
      errors.push({ index, field: unstorable.field === "(body)" ? "(item)" : unstorable.field, message: unstorable.message });
      return;
    }
    const parsed = ResultInput.safeParse(item);
    if (parsed.success) valid.push(normalizeResult(index, parsed.data));
    else for (const issue of parsed.error.issues) errors.push({ index, field: issue.path.join(".") || "(item)", message: issue.message });
  });
  return { valid, errors };
}

/**
 * A batch whose every attempt is already stored is answered as all duplicates even when the run
 * has been completed since, so replaying a spool file is provably harmless. Otherwise a closed
 * run refuses the batch (409). Returns undefined when the run takes results.
 */
async function replayIntoClosedRun(tx: Tx, ctx: ProjectCtx, runId: string, valid: NormalizedResult[]): Promise<BatchOutcome | undefined> {
  try {
    await assertRunAcceptsResults(tx, ctx, runId);
    return undefined;
  } catch (err) {
    if (!(err instanceof ConflictError) || !valid.length) throw err;
    const keys = [...new Set(valid.map((i) => i.idempotencyKey))];
    const known = rowsOf<{ id: string; idempotency_key: string }>(
      await tx.execute(sql`
        select id, idempotency_key from results
        where run_id = ${runId} and idempotency_key = ${anyOf(keys)}`),
    );
    if (known.length < keys.length) throw err;
    const ids = new Map(known.map((r) => [r.idempotency_key, r.id]));
    const [run] = await tx.select({ id: testRuns.id, status: testRuns.status }).from(testRuns).where(eq(testRuns.id, runId));
    return {
      received: valid.length,
      created: 0,
      duplicates: valid.length,
      errors: [],
      casesCreated: 0,
      results: valid.map((i) => ({ index: i.index, resultId: ids.get(i.idempotencyKey)!, duplicate: true })),
      run,
    };
  }
}

/** Results go into runs that are open, or that the sweeper closed for inactivity (a late, spooled upload). */
export async function assertRunAcceptsResults(tx: Pick<Tx, "select">, ctx: ProjectCtx, runId: string): Promise<void> {
  const [run] = await tx
    .select({ status: testRuns.status, completionReason: testRuns.completionReason })
    .from(testRuns)
    .where(and(eq(testRuns.projectId, ctx.project.id), eq(testRuns.id, runId)));
  if (!run) throw new NotFoundError("Test run");
  if (run.status === "ABORTED" || (run.status === "COMPLETED" && run.completionReason !== "TIMEOUT")) {
    throw new ConflictError(`This run is ${run.status}; it takes no more results.`);
  }
}

export type StoredChunk = Pick<BatchOutcome, "created" | "duplicates" | "casesCreated" | "errors" | "results" | "run">;

/**
 * Stores validated results inside the caller's transaction (a request's batch, or one chunk of
 * a large JUnit file): binds or creates cases, upserts entries, appends attempts once, refreshes
 * entry statuses and moves the run's counters by exactly the change.
 */
export async function storeResults(
  tx: Tx,
  ctx: ProjectCtx,
  runId: string,
  valid: NormalizedResult[],
  plan?: CasePlan,
): Promise<StoredChunk> {
  const errors: ItemError[] = [];
  const items = await bindCaseKeys(tx, ctx, valid, errors);
  const casesCreated = await ensureCases(tx, ctx, items, plan);
  await linkRequirementsFromResults(tx, ctx, items);
  const entryByCase = await ensureEntries(tx, ctx.project.id, runId, items);
  const inserted = await insertAttempts(tx, ctx, runId, items, entryByCase.entryIds);
  const delta = await refreshEntries(tx, entriesToRecount(items, entryByCase, inserted), entryByCase.created);
  const run = await applyRunDelta(tx, runId, delta);
  const ids = await resultIds(tx, runId, items, inserted);
  const fresh = new Set(inserted.map((r) => r.idempotency_key));
  return {
    created: inserted.length,
    duplicates: items.length - inserted.length,
    casesCreated,
    errors,
    results: items.map((i) => ({ index: i.index, resultId: ids.get(i.idempotencyKey)!, duplicate: !fresh.has(i.idempotencyKey) })),
    run,
  };
}

export async function auditIngest(tx: Tx, ctx: ProjectCtx, runId: string, action: string, o: Omit<BatchOutcome, "results">): Promise<void> {
  await recordAudit(tx, ctx, {
    projectId: ctx.project.id,
    action,
    entityType: "test_run",
    entityId: runId,
    after: { received: o.received, created: o.created, duplicates: o.duplicates, errors: o.errors.length, casesCreated: o.casesCreated },
  });
}

/** The stored result id behind every item's idempotency key, whether stored now or by an earlier upload. */
async function resultIds(tx: Tx, runId: string, items: BoundResult[], inserted: InsertedAttempt[]): Promise<Map<string, string>> {
  const ids = new Map(inserted.map((r) => [r.idempotency_key, r.id]));
  const missing = [...new Set(items.map((i) => i.idempotencyKey).filter((k) => !ids.has(k)))];
  if (missing.length) {
    const rows = rowsOf<{ id: string; idempotency_key: string }>(
      await tx.execute(sql`
        select id, idempotency_key from results
        where run_id = ${runId} and idempotency_key = ${anyOf(missing)}`),
    );
    for (const r of rows) ids.set(r.idempotency_key, r.id);
  }
  return ids;
}

type BoundResult = NormalizedResult & { caseId?: string };

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** Results naming a case key (DEMO-12) bind to that case; an unknown key is an item error. */
async function bindCaseKeys(tx: Tx, ctx: ProjectCtx, items: NormalizedResult[], errors: ItemError[]): Promise<BoundResult[]> {
  const keyed = items.filter((i) => i.caseKey);
  if (!keyed.length) return items;
  const seqs = keyed.filter((i) => i.caseKey!.startsWith(`${ctx.project.key}-`)).map((i) => Number(i.caseKey!.split("-").pop()));
  const rows = rowsOf<{ id: string; seq: number }>(
    await tx.execute(sql`
      select id, seq from test_cases
      where project_id = ${ctx.project.id} and seq = ${anyOf(seqs, "int")}`),
  );
  const bySeq = new Map(rows.map((r) => [Number(r.seq), r.id]));
  return items.flatMap((item) => {
    if (!item.caseKey) return [item];
    const caseId = item.caseKey.startsWith(`${ctx.project.key}-`) ? bySeq.get(Number(item.caseKey.split("-").pop())) : undefined;
    if (!caseId) {
      errors.push({ index: item.index, field: "caseKey", message: `No case ${item.caseKey} in project ${ctx.project.key}` });
      return [];
    }
    return [{ ...item, caseId }];
  });
}

/**
 * Finds the automated case of every testKey, creating missing cases (and their suites) with the
 * numbers the plan reserved. Without a plan (one long JUnit transaction) it plans here.
 * Returns how many cases were created.
 */
async function ensureCases(tx: Tx, ctx: ProjectCtx, items: BoundResult[], plan?: CasePlan): Promise<number> {
  const projectId = ctx.project.id;
  const unbound = items.filter((i) => !i.caseId);
  if (!unbound.length) return 0;
  const keys = [...new Set(unbound.map((i) => i.testKey))];
  const { found, numbers } = plan ?? (await planCases(tx, projectId, keys));
  const missing = new Map<string, BoundResult>();
  for (const item of unbound) if (!found.has(item.testKey) && !missing.has(item.testKey)) missing.set(item.testKey, item);
  let created = 0;
  if (missing.size) {
    const suiteIds = await ensureSuites(tx, projectId, [...missing.values()].map((i) => i.suitePath));
    // Keys missing from the plan (it was made before this transaction) get numbers now.
    const unnumbered = [...missing.keys()].filter((k) => !numbers.has(k)).sort();
    const first = unnumbered.length ? await takeCaseNumbers(tx, projectId, unnumbered.length) : 0;
    const seqOf = new Map([...numbers, ...unnumbered.map((k, n) => [k, first + n] as const)]);
    const rows = [...missing.values()]
      .sort((a, b) => seqOf.get(a.testKey)! - seqOf.get(b.testKey)!)
      .map((item) => ({
        seq: seqOf.get(item.testKey)!,
        suite_id: item.suitePath.length ? suiteIds.get(item.suitePath.join("\u0000")) : null,
        title: item.title,
        priority: item.priority,
        tags: item.tags.filter((t) => !/^@(critical|high|medium|low)$/i.test(t)),
        automation_key: item.testKey,
      }));
    const inserted = rowsOf<{ id: string; automation_key: string }>(
      await tx.execute(sql`
        with new_cases as (
          insert into test_cases (project_id, suite_id, seq, title, priority, tags, automation_status, automation_key, created_by_id)
          select ${projectId}, x.suite_id, x.seq, x.title, x.priority,
                 array(select jsonb_array_elements_text(x.tags)), 'AUTOMATED', x.automation_key, ${ctx.actor.userId}
          from jsonb_to_recordset(${json(rows)}) as x(seq int, suite_id text, title text, priority text, tags jsonb, automation_key text)
          order by x.seq
          on conflict (project_id, automation_key) where automation_key is not null do nothing
          returning id, title, priority, automation_key
        ), versions as (
          insert into test_case_versions (case_id, version, title, priority, edited_by_id)
          select id, 1, title, priority, ${ctx.actor.userId} from new_cases
        )
        select id, automation_key from new_cases`),
    );
    created = inserted.length;
    for (const r of inserted) found.set(r.automation_key, r.id);
    // Cases another batch created concurrently (their insert conflicted) are picked up here.
    const raced = [...missing.keys()].filter((k) => !found.has(k));
    for (const [key, id] of await findAutomatedCases(tx, projectId, raced)) found.set(key, id);
  }
  for (const item of unbound) item.caseId = found.get(item.testKey);
  return created;
}

/** Upserts the suite tree for the given paths level by level; returns path (joined by NUL) → suite id. */
async function ensureSuites(tx: Tx, projectId: string, paths: string[][]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const depth = Math.max(0, ...paths.map((p) => p.length));
  for (let level = 0; level < depth; level++) {
    const wanted = new Map<string, { parent_id: string | null; name: string }>();
    for (const path of paths) {
      if (path.length <= level) continue;
      const key = path.slice(0, level + 1).join("\u0000");
      const parent = level === 0 ? null : ids.get(path.slice(0, level).join("\u0000"))!;
      wanted.set(key, { parent_id: parent, name: path[level] });
    }
    const rows = [...wanted.values()];
    const select = async (wantedRows: typeof rows) =>
      rowsOf<{ id: string; parent_id: string | null; name: string }>(
        await tx.execute(sql`
          select s.id, s.parent_id, s.name
          from jsonb_to_recordset(${json(wantedRows)}) as x(parent_id text, name text)
          cross join lateral (
            select id, parent_id, name from suites
            where project_id = ${projectId} and coalesce(parent_id, '') = coalesce(x.parent_id, '') and name = x.name
          ) s`),
      );
    const byParentName = new Map((await select(rows)).map((r) => [`${r.parent_id ?? ""}\u0000${r.name}`, r.id]));
    const absent = rows.filter((r) => !byParentName.has(`${r.parent_id ?? ""}\u0000${r.name}`));
    if (absent.length) {
      // ON CONFLICT makes concurrent batches converge on one suite instead of failing.
      await tx.execute(sql`
        insert into suites (project_id, parent_id, name)
        select ${projectId}, x.parent_id, x.name from jsonb_to_recordset(${json(absent)}) as x(parent_id text, name text)
        order by x.parent_id nulls first, x.name
        on conflict (project_id, (coalesce(parent_id, '')), name) do nothing`);
      for (const r of await select(absent)) byParentName.set(`${r.parent_id ?? ""}\u0000${r.name}`, r.id);
    }
    for (const [key, row] of wanted) ids.set(key, byParentName.get(`${row.parent_id ?? ""}\u0000${row.name}`)!);
  }
  return ids;
}

/**
 * One entry per case in the run. An entry created now starts in the state its attempts in this
 * batch give it (nobody else can have attempts on it yet), which spares the recount.
 * Returns case → entry and the state of each entry created now.
 */
async function ensureEntries(tx: Tx, projectId: string, runId: string, items: BoundResult[]) {
  const byCase = new Map<string, BoundResult[]>();
  for (const item of items) byCase.set(item.caseId!, [...(byCase.get(item.caseId!) ?? []), item]);
  const caseIds = [...byCase.keys()].sort();
  if (!caseIds.length) return { entryIds: new Map<string, string>(), created: new Map<string, EntryState>() };
  const initial = caseIds.map((caseId) => ({ case_id: caseId, ...stateOf(byCase.get(caseId)!) }));
  const fresh = rowsOf<{ id: string; case_id: string; status: Status; flaky: boolean }>(
    await tx.execute(sql`
      insert into run_entries (project_id, run_id, case_id, case_version, status, flaky, last_result_at)
      select ${projectId}, ${runId}, x.case_id, (select version from test_cases where id = x.case_id), x.status, x.flaky, now()
      from jsonb_to_recordset(${json(initial)}) as x(case_id text, status text, flaky boolean)
      order by x.case_id
      on conflict (run_id, case_id) do nothing
      returning id, case_id, status, flaky`),
  );
  const entryIds = new Map(fresh.map((r) => [r.case_id, r.id]));
  const existing = caseIds.filter((id) => !entryIds.has(id));
  if (existing.length) {
    const rows = rowsOf<{ id: string; case_id: string }>(
      await tx.execute(sql`
        select id, case_id from run_entries
        where run_id = ${runId} and case_id = ${anyOf(existing)}`),
    );
    for (const r of rows) entryIds.set(r.case_id, r.id);
  }
  return { entryIds, created: new Map(fresh.map((r) => [r.id, { status: r.status, flaky: r.flaky }])) };
}

/** Appends every attempt once; returns the attempts stored now (duplicates are skipped). */
type InsertedAttempt = { id: string; entry_id: string; idempotency_key: string };

async function insertAttempts(tx: Tx, ctx: ProjectCtx, runId: string, items: BoundResult[], entryIds: Map<string, string>): Promise<InsertedAttempt[]> {
  if (!items.length) return [];
  const rows = items
    .map((i) => ({
      entry_id: entryIds.get(i.caseId!),
      status: i.status,
      original_status: i.originalStatus,
      expected_status: i.expectedStatus,
      attempt: i.attempt,
      duration_ms: i.durationMs,
      started_at: i.startedAt,
      error: i.error,
      steps: i.steps,
      annotations: i.annotations.length ? i.annotations : null,
      idempotency_key: i.idempotencyKey,
    }))
    .sort((a, b) => (a.idempotency_key < b.idempotency_key ? -1 : a.idempotency_key > b.idempotency_key ? 1 : 0));
  return rowsOf<InsertedAttempt>(
    await tx.execute(sql`
      insert into results (project_id, run_id, entry_id, status, original_status, expected_status, attempt, duration_ms,
                           started_at, error, steps, annotations, executed_by_id, idempotency_key)
      select ${ctx.project.id}, ${runId}, x.entry_id, x.status, x.original_status, x.expected_status, x.attempt, x.duration_ms,
             x.started_at::timestamptz, x.error, x.steps, x.annotations, ${ctx.actor.userId}, x.idempotency_key
      from jsonb_to_recordset(${json(rows)}) as x(entry_id text, status text, original_status text, expected_status text,
           attempt int, duration_ms int, started_at text, error jsonb, steps jsonb, annotations jsonb, idempotency_key text)
      on conflict (run_id, idempotency_key) do nothing
      returning id, entry_id, idempotency_key`),
  );
}

/**
 * Entries whose state must be recounted from the database: existing entries that got attempts,
 * and new ones whose batch attempts were not all stored (an idempotency key used before).
 */
function entriesToRecount(items: BoundResult[], entries: Awaited<ReturnType<typeof ensureEntries>>, inserted: InsertedAttempt[]): string[] {
  const stored = new Set(inserted.map((r) => r.idempotency_key));
  const ids = new Set<string>();
  for (const r of inserted) if (!entries.created.has(r.entry_id)) ids.add(r.entry_id);
  for (const item of items) {
    const entryId = entries.entryIds.get(item.caseId!)!;
    if (entries.created.has(entryId) && !stored.has(item.idempotencyKey)) ids.add(entryId);
  }
  return [...ids];
}
