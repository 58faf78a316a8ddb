import type { StatusCounts } from "./schemas";

/** Executed = PASSED, FAILED or BLOCKED (DESIGN §6). */
export function executedCount(c: Pick<StatusCounts, "passed" | "failed" | "blocked">): number {
  return c.passed + c.failed + c.blocked;
}

/** Pass rate = PASSED / executed, as a percentage with one decimal; null when nothing was executed. */
export function passRate(c: Pick<StatusCounts, "passed" | "failed" | "blocked">): number | null {
  const executed = executedCount(c);
  return executed === 0 ? null : Math.round((c.passed / executed) * 1000) / 10;
}
