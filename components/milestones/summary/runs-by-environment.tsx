import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { StatusBar } from "@/components/ui/status-bar";
import type { TestRun } from "@/lib/runs/schemas";
import { SessionOutcome } from "@/components/exploratory/session-outcome";

type EnvSummary = { environment: { id: string; name: string }; passRate: number | null; verdict: "GO" | "NO_GO" };

/** The milestone's runs, one card per environment, each run with its status bar. */
export function RunsByEnvironment({
  runs,
  environments,
  projectKey,
  milestoneId,
  environmentName,
}: {
  runs: TestRun[];
  /** The environment filter, so an empty list says where there are no runs. */
  environmentName?: string;
  environments: EnvSummary[];
  projectKey: string;
  /** The page's milestone: runs of phases below it are labelled with their phase. */
  milestoneId?: string;
}) {
  if (runs.length === 0) return <EmptyState title={environmentName ? `No runs in ${environmentName}` : "No runs in this milestone yet"} />;
  const groups = new Map<string, { name: string; runs: TestRun[] }>();
  for (const r of runs) {
    const g = groups.get(r.environment.id) ?? { name: r.environment.name, runs: [] };
    g.runs.push(r);
    groups.set(r.environment.id, g);
  }
  const ordered = [...groups.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name));
  return (
    <div className={`grid gap-4 ${ordered.length > 1 ? "md:grid-cols-2 print:grid-cols-2" : ""}`} data-testid="runs-by-environment">
      {ordered.map(([envId, g]) => {
        const env = environments.find((e) => e.environment.id === envId);
        return (
          <div key={envId} className="break-inside-avoid rounded-lg border border-slate-200 bg-white shadow-sm print:shadow-none" data-testid={`env-${g.name}`}>
            <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
              <h3 className="font-semibold text-slate-900">{g.name}</h3>
              {env && (
                <span className="flex items-center gap-2 text-xs text-slate-600">
                  {env.passRate === null ? "no results" : `${env.passRate.toFixed(1)}% pass`}
                  <span
                    className={`rounded-full px-2 py-0.5 font-bold ${env.verdict === "GO" ? "bg-emerald-100 text-emerald-800" : "bg-rose-100 text-rose-800"}`}
                  >
                    {env.verdict === "GO" ? "GO" : "NO GO"}
                  </span>
                </span>
              )}
            </div>
            <ul className="divide-y divide-slate-100">
              {g.runs.map((r) => (
                <li key={r.id} className="px-4 py-3">
                  <div className="flex items-center justify-between gap-3">
                    <div className="min-w-0">
                      <Link href={`/projects/${projectKey}/runs/${r.id}`} className="block truncate text-sm font-medium text-slate-900 hover:text-indigo-600 hover:underline">{r.name}</Link>
                      <div className="text-xs text-slate-600">
                        {milestoneId && r.milestone.id !== milestoneId && (
                          <span className="mr-2 rounded bg-indigo-50 px-1.5 py-0.5 font-medium text-indigo-700" data-testid="run-phase">{r.milestone.name}</span>
                        )}
                        {formatDateTime(r.completedAt ?? r.startedAt ?? r.createdAt)}
                      </div>
                    </div>
                    <Badge value={r.status} />
                  </div>
                  <div className="mt-2">
                    {r.kind === "EXPLORATORY" ? <SessionOutcome verdict={r.verdict} status={r.status} findings={r.findings} /> : <StatusBar counts={r.counts} showLegend />}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
