import type { Db } from "@/db/client";
import { refreshStaleStatistics } from "./refresh-statistics";
import { logger } from "@/lib/observability/logger";

/** Writes closer together than this share one look at the tables' sizes. */
const CHECK_EVERY_MS = 1000;

/** Per process, not per module copy: Next.js bundles each route handler with its own copy of lib. */
const KEY = Symbol.for("qa-studio.statistics-refresh");
const state = ((globalThis as unknown as Record<symbol, { lastCheck: number; inFlight?: Promise<unknown> }>)[KEY] ??= { lastCheck: 0 });

/**
 * Called after every successful write request: at most once a second per instance, looks for
 * tables that outgrew their statistics and analyzes them in the background, so that a brand-new
 * install gets plans for its real table sizes within seconds of its first CI upload instead of
 * waiting for autovacuum (which may be slow, or switched off). The response does not wait.
 */
export function keepStatisticsFresh(db: Db, now = Date.now()): void {
  if (state.inFlight || now - state.lastCheck < CHECK_EVERY_MS) return;
  state.lastCheck = now;
  state.inFlight = refreshStaleStatistics(db)
    .catch((err) => logger().error({ err }, "statistics: refresh failed"))
    .finally(() => {
      state.inFlight = undefined;
    });
}

/** Resolves when the background refresh started by the last write (if any) has finished. */
export async function statisticsSettled(): Promise<void> {
  await state.inFlight;
}

/** Lets the next write check again at once (tests). */
export function resetStatisticsThrottle(): void {
  state.lastCheck = 0;
}
