import Link from "next/link";
import { PercentBar, RiskBadge, VerdictBadge, daysLeftText } from "@/components/milestones/badges";
import { formatDate } from "@/components/ui/format";
import type { Milestone } from "@/lib/milestones/schemas";
import type { MilestoneSummary } from "@/lib/milestones/summary-schemas";

type Overview = { milestone: Milestone; summary: MilestoneSummary };

/** One active milestone at a glance: verdict, due-date risk, pass rate and progress, and its phases. */
export function MilestoneCard({ card, phases, projectKey, environmentId }: { card: Overview; phases: Overview[]; projectKey: string; environmentId?: string }) {
  const { milestone: m, summary: s } = card;
  const href = (id: string) => `/projects/${projectKey}/milestones/${id}${environmentId ? `?environment=${environmentId}` : ""}`;
  const blocking = s.openFailures.filter((f) => f.priority === "CRITICAL" || f.priority === "HIGH").length;
  // Counted in UTC calendar days, like the risk sentence, so the two never disagree.
  const when = daysLeftText(s.risk.daysLeft);
  return (
    <article className="flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid={`card-${m.name}`}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <Link href={href(m.id)} title={m.name} className="line-clamp-2 text-base font-semibold break-words text-slate-900 hover:text-indigo-600 hover:underline">{m.name}</Link>
          <p className="mt-0.5 text-xs text-slate-600">
            Due {formatDate(m.dueDate)} · <span className={s.risk.level === "OVERDUE" ? "font-medium text-rose-600" : ""}>{when}</span>
          </p>
        </div>
        <VerdictBadge verdict={s.verdict} large />
      </div>
      <div className="mt-3">
        <RiskBadge risk={s.risk} />
        <p className="mt-1 text-xs text-slate-600">{s.risk.message}</p>
      </div>
      <div className="mt-4 grid grid-cols-2 gap-4">
        <PercentBar
          label="Pass rate"
          value={s.passRate}
          target={s.passRateThreshold}
          tone={s.passRate === null ? "indigo" : s.passRate >= s.passRateThreshold ? "emerald" : "rose"}
        />
        <PercentBar label="Progress" value={s.counts.total ? s.progress : null} />
      </div>
      <dl className="mt-4 grid grid-cols-3 gap-2 border-t border-slate-100 pt-3 text-center">
        <div>
          <dt className="text-[11px] tracking-wide text-slate-600 uppercase">Open failures</dt>
          <dd className={`text-lg font-semibold tabular-nums ${s.openFailures.length ? "text-rose-700" : "text-slate-900"}`}>{s.openFailures.length}</dd>
        </div>
        <div>
          <dt className="text-[11px] tracking-wide text-slate-600 uppercase">Critical/high</dt>
          <dd className={`text-lg font-semibold tabular-nums ${blocking ? "text-rose-700" : "text-slate-900"}`}>{blocking}</dd>
        </div>
        <div>
          <dt className="text-[11px] tracking-wide text-slate-600 uppercase">Runs open</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900">
            {s.runs.planned + s.runs.inProgress}
            <span className="text-xs font-normal text-slate-600">/{s.runs.total - s.runs.aborted}</span>
          </dd>
        </div>
      </dl>
      {phases.length > 0 && (
        <ul className="mt-3 space-y-1.5 border-t border-slate-100 pt-3" aria-label={`Phases of ${m.name}`}>
          {phases.map((p) => (
            <li key={p.milestone.id} className="flex items-center justify-between gap-2 text-xs">
              <Link href={href(p.milestone.id)} title={p.milestone.name} className="min-w-0 truncate text-slate-700 hover:text-indigo-600 hover:underline">↳ {p.milestone.name}</Link>
              <span className="flex shrink-0 items-center gap-2 text-slate-600">
                {formatDate(p.milestone.dueDate)}
                <VerdictBadge verdict={p.summary.verdict} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
