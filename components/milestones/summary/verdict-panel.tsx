import { Meter } from "./meter";
import { RISK, rulesText } from "@/components/milestones/badges";
import type { MilestoneSummary } from "@/lib/milestones/summary-schemas";

/** The ten-second answer: GO / NO GO, why, the two key numbers and the risk sentence. */
export function VerdictPanel({ summary }: { summary: MilestoneSummary }) {
  const go = summary.verdict === "GO";
  const executed = summary.counts.total - summary.counts.untested - summary.counts.retest;
  const rateOk = summary.passRate !== null && summary.passRate >= summary.passRateThreshold;
  return (
    <section aria-labelledby="verdict-heading" className="grid gap-4 lg:grid-cols-5 print:grid-cols-5">
      <div
        data-testid="verdict"
        data-verdict={summary.verdict}
        className={`rounded-xl p-6 ring-1 ring-inset lg:col-span-2 print:col-span-2 print:[print-color-adjust:exact] ${
          go ? "bg-emerald-700 text-white ring-emerald-800" : "bg-rose-700 text-white ring-rose-800"
        }`}
      >
        <p className="text-xs font-semibold tracking-widest uppercase">Release verdict</p>
        <h2 id="verdict-heading" className="mt-1 text-5xl font-extrabold tracking-tight">{go ? "GO" : "NO GO"}</h2>
        {summary.reasons.length === 0 ? (
          <p className="mt-4 text-sm">Every gate passes: runs are complete, no blocking failures, pass rate meets the target.</p>
        ) : (
          <ul className="mt-4 space-y-2 text-sm" data-testid="verdict-reasons">
            {summary.reasons.map((r) => (
              <li key={r.code} className="flex gap-2">
                <span aria-hidden className="mt-0.5 font-bold">✕</span>
                <span>{r.message}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-4 border-t border-white/30 pt-3 text-xs" data-testid="rules">
          {rulesText(summary.rules)}
        </p>
      </div>
      <div className="flex flex-col justify-center gap-5 rounded-xl border border-slate-200 bg-white p-6 shadow-sm lg:col-span-3 print:col-span-3 print:shadow-none">
        <Meter
          label="Pass rate"
          value={summary.passRate}
          target={summary.passRateThreshold}
          tone={summary.passRate === null ? "neutral" : rateOk ? "good" : "bad"}
          detail={`${summary.counts.passed} of ${executed} executed passed · target ${summary.passRateThreshold}%`}
          testId="pass-rate"
        />
        <Meter
          label="Progress"
          value={summary.progress}
          tone="neutral"
          detail={`${executed} of ${summary.counts.total} entries executed · runs: ${summary.runs.completed} completed, ${summary.runs.inProgress} in progress, ${summary.runs.planned} planned${summary.runs.aborted ? `, ${summary.runs.aborted} aborted` : ""}`}
          testId="progress"
        />
        <div className={`rounded-lg px-4 py-3 ring-1 ring-inset ${RISK[summary.risk.level].tone}`} data-testid="risk" data-risk={summary.risk.level}>
          <span className="mr-2 inline-flex rounded-full bg-white/70 px-2 py-0.5 text-xs font-bold tracking-wide">
            Schedule: {RISK[summary.risk.level].label}
          </span>
          <span className="text-sm font-medium">{summary.risk.message}</span>
        </div>
      </div>
    </section>
  );
}
