import type { MilestoneSummary } from "@/lib/milestones/summary-schemas";
import { PriorityChip } from "@/components/ui/chips";
import { CompareDetails } from "./compare-details";

/**
 * "Compared with v2.3.0": what is new since the baseline milestone (counts from the summary, the
 * cases on demand from the compare API), and the builds the results came from.
 */
export function ComparedWith({ summary, compareUrl }: { summary: MilestoneSummary; compareUrl: string }) {
  const { regressions: r, latestBuild, staleCases } = summary;
  const stale = summary.counts.stale;
  return (
    <div className="space-y-4">
      {r.baseline ? (
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm print:shadow-none">
          <dl className="grid grid-cols-3 gap-4 text-center" data-testid="regression-counts">
            <Tile label="New failures" value={r.new} tone={r.new ? "text-rose-700" : "text-slate-900"} />
            <Tile label="Still failing" value={r.stillFailing} tone="text-slate-900" />
            <Tile label="Fixed" value={r.fixed} tone={r.fixed ? "text-emerald-700" : "text-slate-900"} />
          </dl>
          <p className="mt-3 text-xs text-slate-600">
            Per case and environment, the latest result here against the latest in {r.baseline.name}: a new failure passed there; still
            failing failed there too; fixed failed there and passes now.
          </p>
          <CompareDetails url={compareUrl} />
        </div>
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
          No baseline: no completed release is due before this one, or the baseline was set to none. Every failure counts as not run in a
          baseline.
        </p>
      )}
      <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm print:shadow-none" data-testid="builds">
        {latestBuild ? (
          <p className="text-slate-700">
            Latest build <span className="font-mono font-medium text-slate-900">{latestBuild}</span>
            {summary.build ? " (this page shows only its runs)" : ""} ·{" "}
            {stale === 0 ? "every latest result is from this build" : `${stale} case${stale === 1 ? "" : "s"} last ran on another build`}
          </p>
        ) : (
          <p className="text-slate-600">No run of this milestone records a build.</p>
        )}
        {staleCases.length > 0 && (
          <ul className="mt-3 divide-y divide-slate-100" aria-label="Critical and high cases last run on another build">
            {staleCases.map((c) => (
              <li key={`${c.caseId}-${c.environment.id}`} className="flex flex-wrap items-center gap-2 py-2">
                <PriorityChip priority={c.priority} />
                <span className="font-mono text-xs text-slate-600">{c.caseKey}</span>
                <span className="font-medium text-slate-900">{c.title}</span>
                <span className="text-slate-600">
                  ({c.environment.name}) last {c.status.toLowerCase()} on <span className="font-mono">{c.build ?? "a run without a build"}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function Tile({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-600 uppercase">{label}</dt>
      <dd className={`mt-1 text-2xl font-bold ${tone}`}>{value}</dd>
    </div>
  );
}
