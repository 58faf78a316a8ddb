import { Badge } from "@/components/ui/badge";
import { VERDICT_LABELS, type FindingCounts, type SessionVerdict } from "@/lib/exploratory/schemas";

export const VERDICT_CHIPS: Record<SessionVerdict, string> = {
  PASSED: "bg-emerald-100 text-emerald-800",
  PASSED_WITH_ISSUES: "bg-amber-100 text-amber-800",
  FAILED: "bg-rose-100 text-rose-800",
  BLOCKED: "bg-slate-200 text-slate-800",
};

const FINDING_WORDS: [keyof FindingCounts, string, string][] = [
  ["bug", "bug", "bugs"],
  ["question", "question", "questions"],
  ["idea", "idea", "ideas"],
  ["note", "note", "notes"],
];

/** "2 bugs · 1 question", or "No findings yet". */
export function findingsText(f: FindingCounts): string {
  const parts = FINDING_WORDS.filter(([k]) => f[k] > 0).map(([k, one, many]) => `${f[k]} ${f[k] === 1 ? one : many}`);
  return parts.length ? parts.join(" · ") : "No findings yet";
}

/**
 * An exploratory session in a list of runs: its verdict (or status while it runs) and its
 * findings, where a test run would show its status bar (a session has no entries).
 */
export function SessionOutcome({ verdict, status, findings }: { verdict: SessionVerdict | null; status: string; findings: FindingCounts | null }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="session-outcome">
      {verdict ? (
        <span className={`rounded-full px-2 py-0.5 font-medium ${VERDICT_CHIPS[verdict]}`}>{VERDICT_LABELS[verdict]}</span>
      ) : (
        <Badge value={status} label={status === "PLANNED" ? "No verdict yet" : status === "IN_PROGRESS" ? "Exploring" : undefined} />
      )}
      <span className={findings?.bug ? "font-medium text-rose-700" : "text-slate-600"}>{findingsText(findings ?? { bug: 0, question: 0, idea: 0, note: 0 })}</span>
    </div>
  );
}
