/**
 * Answers computed from a set of runs' entries and results alone, kept per process and keyed by
 * those runs' stamp (runStamp: each run's id, its last change and its counters). Every write to a run's
 * entries or results moves that run's counters and change time in the same transaction
 * (lib/results/entry-state.ts), and adding, aborting or deleting a run changes the set, so a new
 * write always makes a new key and nothing stale is served. What is read from other tables
 * (cases, defects, waivers) must stay outside.
 *
 * The milestone page's auto-refresh, the dashboard, the notification scan, Slack and the CI gate
 * ask about the same runs again and again between uploads; a baseline's runs never change once
 * the release is done. Concurrent askers share one computation (the promise is kept), a failed
 * one is dropped, and the least recently used entries go first.
 */
export function byRunStamp<T>(kind: string, projectId: string, stamp: string, compute: () => Promise<T>): Promise<T> {
  const key = `${kind}|${projectId}|${stamp}`;
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last: the Map's order is the eviction order.
    cache.delete(key);
    cache.set(key, hit);
    return hit as Promise<T>;
  }
  const value = compute();
  cache.set(key, value);
  value.catch(() => cache.delete(key));
  while (cache.size > ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}

/** Enough for the notification scan's pass over a few hundred active milestones (a few entries each) and the pages read meanwhile; an entry holds ids and times per failing case or per day. */
const ENTRIES = 512;
const KEY = Symbol.for("qa-studio.run-stamp-cache");
const cache = ((globalThis as unknown as Record<symbol, Map<string, Promise<unknown>>>)[KEY] ??= new Map());
