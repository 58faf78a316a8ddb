import type { Risk, SummaryRules, Verdict } from "@/lib/milestones/summary-schemas";

/** Schedule risk, one palette and one wording everywhere it is shown (it is not the verdict). */
export const RISK: Record<Risk["level"], { label: string; tone: string }> = {
  ON_TRACK: { label: "On track", tone: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  AT_RISK: { label: "At risk", tone: "bg-amber-50 text-amber-800 ring-amber-300" },
  OVERDUE: { label: "Overdue", tone: "bg-rose-50 text-rose-800 ring-rose-300" },
  NOT_STARTED: { label: "Not started", tone: "bg-slate-100 text-slate-700 ring-slate-300" },
};

/** Schedule risk as a pill ("Schedule: At risk"); the risk sentence as its tooltip. */
export function RiskBadge({ risk, prefix = true }: { risk: Pick<Risk, "level" | "message">; prefix?: boolean }) {
  const r = RISK[risk.level];
  return (
    <span title={risk.message} data-risk={risk.level} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${r.tone}`}>
      {prefix && <span className="mr-1 font-normal">Schedule:</span>}
      {r.label}
    </span>
  );
}

export function VerdictBadge({ verdict, large = false }: { verdict: Verdict; large?: boolean }) {
  const go = verdict === "GO";
  return (
    <span
      data-verdict={verdict}
      className={`inline-flex items-center rounded-full font-bold whitespace-nowrap ${large ? "px-3 py-1 text-sm" : "px-2 py-0.5 text-xs"} ${
        go ? "bg-emerald-700 text-white" : "bg-rose-700 text-white"
      } print:[print-color-adjust:exact]`}
    >
      {go ? "GO" : "NO GO"}
    </span>
  );
}

/** A thin percentage bar with its number (progress, pass rate). */
export function PercentBar({ label, value, tone = "indigo", target }: { label: string; value: number | null; tone?: "indigo" | "emerald" | "rose"; target?: number }) {
  const fill = tone === "emerald" ? "bg-emerald-500" : tone === "rose" ? "bg-rose-500" : "bg-indigo-500";
  const pct = value === null ? 0 : Math.max(0, Math.min(100, value));
  return (
    <div className="min-w-28">
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="text-slate-600">{label}</span>
        <span className="font-semibold tabular-nums text-slate-900">{value === null ? "—" : `${value.toFixed(1)}%`}</span>
      </div>
      <div className="relative mt-1 h-1.5 w-full rounded-full bg-slate-100" role="img" aria-label={`${label}: ${value === null ? "no data" : `${value.toFixed(1)}%`}`}>
        <div className={`h-1.5 rounded-full ${fill}`} style={{ width: `${pct}%` }} />
        {target !== undefined && <div className="absolute -top-0.5 h-2.5 w-px bg-slate-700" style={{ left: `${Math.min(100, target)}%` }} />}
      </div>
    </div>
  );
}

/** "due in 3 days", "due today", "2 days overdue": from the summary's UTC calendar days, like the risk sentence. */
export function daysLeftText(days: number | null): string {
  if (days === null) return "no due date";
  if (days > 0) return `due in ${days} day${days === 1 ? "" : "s"}`;
  if (days === 0) return "due today";
  return `${-days} day${days === -1 ? "" : "s"} overdue`;
}

/** The go/no-go rules in force, in one line: "Rules: pass rate ≥ 95%; CRITICAL and HIGH failures block". */
export function rulesText(rules: SummaryRules): string {
  const p = rules.blockingPriorities;
  const blocking =
    p.length === 0 ? "no priority blocks by itself" : `${p.length === 1 ? p[0] : `${p.slice(0, -1).join(", ")} and ${p[p.length - 1]}`} failures block`;
  const coverage = rules.requireCoverage ? "; every requirement in scope verified" : "";
  return `Rules: pass rate ≥ ${rules.passRateThreshold}%; ${blocking}; every run completed; every open failure tracked by a defect${coverage}`;
}
