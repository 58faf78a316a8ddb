import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ExploratoryNumbers } from "@/lib/exploratory/schemas";
import { VERDICT_LABELS } from "@/lib/exploratory/schemas";
import type { TestRun } from "@/lib/runs/schemas";
import { DefectStatusRefresh } from "@/components/defects/defect-status-refresh";
import { NewSessionDialog } from "./new-session-dialog";
import { KIND_STYLES } from "./parts";
import { VERDICT_CHIPS, findingsText } from "./session-outcome";


/** The milestone's exploratory sessions: planned, running and done, what they found, and a way to start one. */
export function MilestoneSessions({
  projectKey,
  milestone,
  numbers,
  runs,
  environments,
  canCreate,
}: {
  projectKey: string;
  milestone: { id: string; name: string };
  numbers: ExploratoryNumbers;
  /** The milestone's runs; the exploratory ones are listed. */
  runs: TestRun[];
  environments: { id: string; name: string }[];
  canCreate: boolean;
}) {
  const sessions = runs.filter((r) => r.kind === "EXPLORATORY" && r.status !== "ABORTED");
  const total = numbers.planned + numbers.inProgress + numbers.done;
  const findings = [
    { key: "BUG" as const, n: numbers.findings.bug },
    { key: "QUESTION" as const, n: numbers.findings.question },
    { key: "IDEA" as const, n: numbers.findings.idea },
    { key: "NOTE" as const, n: numbers.findings.note },
  ];
  return (
    <section className="mt-10 break-inside-avoid" aria-labelledby="exploratory-heading" data-testid="milestone-sessions">
      {/* The milestone page's Jira statuses (open failures' defects) are refreshed from here too. */}
      <DefectStatusRefresh projectKey={projectKey} milestoneId={milestone.id} />
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id="exploratory-heading" className="text-lg font-semibold text-slate-900">Exploratory sessions</h2>
        {canCreate && (
          <div className="print:hidden">
            <NewSessionDialog projectKey={projectKey} milestones={[{ id: milestone.id, name: milestone.name }]} environments={environments.map((e) => ({ id: e.id, name: e.name }))} />
          </div>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex items-baseline justify-between text-sm">
            <span className="font-medium text-slate-800">Sessions</span>
            <span className="text-slate-600 tabular-nums" data-testid="sessions-done">
              {numbers.done} of {total} done
            </span>
          </div>
          <div className="mt-2 flex h-2 w-full overflow-hidden rounded-full bg-slate-100" role="img" aria-label={`${numbers.done} done, ${numbers.inProgress} in progress, ${numbers.planned} planned`}>
            {total > 0 && (
              <>
                <div className="bg-emerald-500" style={{ width: `${(numbers.done / total) * 100}%` }} />
                <div className="bg-amber-400" style={{ width: `${(numbers.inProgress / total) * 100}%` }} />
              </>
            )}
          </div>
          <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
            {[
              { label: "Planned", n: numbers.planned, dot: "bg-slate-300" },
              { label: "In progress", n: numbers.inProgress, dot: "bg-amber-400" },
              { label: "Done", n: numbers.done, dot: "bg-emerald-500" },
            ].map((s) => (
              <div key={s.label}>
                <dt className="flex items-center justify-center gap-1 text-xs text-slate-600">
                  <span className={`h-2 w-2 rounded-full ${s.dot}`} aria-hidden />
                  {s.label}
                </dt>
                <dd className="text-lg font-semibold text-slate-900 tabular-nums">{s.n}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="text-sm font-medium text-slate-800">Findings</div>
          <dl className="mt-3 grid grid-cols-4 gap-2 text-center" data-testid="milestone-findings">
            {findings.map((f) => (
              <div key={f.key}>
                <dt className="flex items-center justify-center gap-1 text-xs text-slate-600">
                  <span className={`h-2 w-2 rounded-full ${KIND_STYLES[f.key].bar}`} aria-hidden />
                  {KIND_STYLES[f.key].plural}
                </dt>
                <dd className={`text-lg font-semibold tabular-nums ${f.key === "BUG" && f.n ? "text-rose-700" : "text-slate-900"}`}>{f.n}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
          {sessions.length === 0 ? (
            <p className="p-4 text-sm text-slate-600">
              No exploratory sessions yet. Automated pass rates look great until someone realizes exploratory testing never happened.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {sessions.slice(0, 6).map((s) => (
                <li key={s.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 px-4 py-2.5">
                  <Link href={`/projects/${projectKey}/runs/${s.id}`} className="min-w-0 flex-1 basis-40 truncate font-medium text-slate-900 hover:text-indigo-600 hover:underline">
                    {s.name}
                  </Link>
                  <span className="text-xs text-slate-600">{s.environment.name}</span>
                  {s.findings && <span className="text-xs text-slate-600">{findingsText(s.findings)}</span>}
                  {s.verdict ? (
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${VERDICT_CHIPS[s.verdict]}`}>{VERDICT_LABELS[s.verdict]}</span>
                  ) : (
                    <Badge value={s.status} />
                  )}
                </li>
              ))}
              {sessions.length > 6 && (
                <li className="px-4 py-2 text-xs text-slate-600">
                  <Link href={`/projects/${projectKey}/runs?milestone=${milestone.id}&kind=EXPLORATORY`} className="text-indigo-600 underline hover:text-indigo-800">
                    See all {sessions.length} sessions
                  </Link>
                </li>
              )}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
