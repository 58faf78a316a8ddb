import type { ProjectSettings } from "@/lib/projects/schemas";
import type { Reason, Verdict } from "@/lib/milestones/summary-schemas";
import type { MilestoneCoverage } from "./schemas";

/**
 * The verdict's coverage rule: with the project setting `requireCoverage`, any in-scope
 * requirement that is NOK or UNCOVERED (in `environmentId` when given: one environment's
 * verdict) blocks a GO with REQUIREMENTS_NOT_COVERED naming them. Off by default.
 */
export function withCoverage(
  judged: { verdict: Verdict; reasons: Reason[] },
  coverage: MilestoneCoverage,
  settings: ProjectSettings,
  environmentId?: string,
): { verdict: Verdict; reasons: Reason[] } {
  if (!settings.requireCoverage) return judged;
  const blocking = coverage.requirements
    .map((r) => ({ key: r.key, status: environmentId ? (r.environments.find((e) => e.environment.id === environmentId)?.status ?? "UNCOVERED") : r.status }))
    .filter((r) => r.status === "NOK" || r.status === "UNCOVERED");
  if (!blocking.length) return judged;
  const nok = blocking.filter((r) => r.status === "NOK").map((r) => r.key);
  const uncovered = blocking.filter((r) => r.status === "UNCOVERED").map((r) => r.key);
  const parts = [nok.length ? `NOK: ${keyList(nok)}` : "", uncovered.length ? `uncovered: ${keyList(uncovered)}` : ""].filter(Boolean);
  const n = blocking.length;
  const reason: Reason = {
    code: "REQUIREMENTS_NOT_COVERED",
    message: `${n} requirement${n === 1 ? " is" : "s are"} not verified (${parts.join("; ")}).`,
  };
  return { verdict: "NO_GO", reasons: [...judged.reasons, reason] };
}

function keyList(keys: string[], max = 10): string {
  return keys.length > max ? `${keys.slice(0, max).join(", ")} and ${keys.length - max} more` : keys.join(", ");
}
