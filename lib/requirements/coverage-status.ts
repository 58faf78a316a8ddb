import type { CoverageStatus, CoverageTotals } from "./schemas";

/**
 * The coverage rules, without the database (the milestone page and the evidence pack read them
 * too). One (case, environment) pair is judged by its latest attempt in the milestone's runs:
 * PASSED is OK; FAILED or BLOCKED is NOK, unless an active waiver accepts it (then OK, marked
 * waived); anything else (UNTESTED, RETEST, SKIPPED) is NOT_RUN; no entry at all is UNCOVERED.
 */
export function attemptCoverage(status: string, waived: boolean): CoverageStatus {
  if (status === "PASSED") return "OK";
  if (status === "FAILED" || status === "BLOCKED") return waived ? "OK" : "NOK";
  return "NOT_RUN";
}

/**
 * Several pairs together (a case over environments, a requirement over its cases): UNCOVERED
 * when none has an entry; else NOK when any is NOK; else NOT_RUN when any is not run; else OK.
 * Pairs without an entry do not count once another pair has one.
 */
export function combineCoverage(statuses: CoverageStatus[]): CoverageStatus {
  const covered = statuses.filter((s) => s !== "UNCOVERED");
  if (!covered.length) return "UNCOVERED";
  if (covered.includes("NOK")) return "NOK";
  if (covered.includes("NOT_RUN")) return "NOT_RUN";
  return "OK";
}

export function coverageTotals(statuses: CoverageStatus[]): CoverageTotals {
  const n = (s: CoverageStatus) => statuses.filter((x) => x === s).length;
  return { inScope: statuses.length, ok: n("OK"), nok: n("NOK"), notRun: n("NOT_RUN"), uncovered: n("UNCOVERED") };
}

export const COVERAGE_LABEL: Record<CoverageStatus, string> = {
  OK: "OK",
  NOK: "NOK",
  NOT_RUN: "Not run",
  UNCOVERED: "Uncovered",
};
