import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { StatusBar } from "@/components/ui/status-bar";
import { DataTable, TableHead, cell } from "@/components/ui/table";
import { passRate } from "@/lib/runs/metrics";
import type { TestRun } from "@/lib/runs/schemas";
import { RunStatusActions } from "./run-status-actions";
import { SessionOutcome } from "@/components/exploratory/session-outcome";

/** Runs with their milestone, environment, status bar and pass rate: the dashboard's and the runs list's table. */
export function RunsTable({ projectKey, runs, withActions = false }: { projectKey: string; runs: TestRun[]; withActions?: boolean }) {
  const base = `/projects/${projectKey}`;
  return (
    <DataTable testId="runs">
      <TableHead>
        <th className={cell()}>Run</th>
        <th className={cell()}>Milestone</th>
        <th className={cell()}>Environment</th>
        <th className={cell()}>Status</th>
        <th className={cell()}>Results</th>
        <th className={cell("text-right")}>Pass rate</th>
        {withActions && <th className={cell()}><span className="sr-only">Actions</span></th>}
      </TableHead>
      <tbody className="divide-y divide-slate-100">
        {runs.map((r) => {
          const rate = passRate(r.counts);
          return (
            <tr key={r.id}>
              <td className="px-4 py-3">
                <Link href={`${base}/runs/${r.id}`} className="font-medium text-slate-900 hover:text-indigo-600 hover:underline">{r.name}</Link>
                <div className="mt-0.5 flex items-center gap-2 text-xs text-slate-600">
                  <Badge value={r.kind} />
                  <span>{formatDateTime(r.createdAt)}</span>
                  {r.build && <span className="font-mono">build {r.build}</span>}
                  {r.ciBuildId && <span className="font-mono">CI {r.ciBuildId}</span>}
                </div>
              </td>
              <td className="px-4 py-3">
                <Link href={`${base}/milestones/${r.milestone.id}`} className="whitespace-nowrap text-slate-700 hover:text-indigo-600 hover:underline">{r.milestone.name}</Link>
              </td>
              <td className="px-4 py-3 text-slate-700">{r.environment.name}</td>
              <td className="px-4 py-3"><Badge value={r.status} /></td>
              <td className="w-64 px-4 py-3">
                {r.kind === "EXPLORATORY" ? <SessionOutcome verdict={r.verdict} status={r.status} findings={r.findings} /> : <StatusBar counts={r.counts} showLegend />}
              </td>
              <td className="px-4 py-3 text-right font-medium tabular-nums text-slate-900">
                {rate === null || r.kind === "EXPLORATORY" ? <span className="text-slate-500" aria-label="No pass rate">—</span> : `${rate.toFixed(1)}%`}
              </td>
              {withActions && (
                <td className="px-4 py-3">
                  <RunStatusActions projectKey={projectKey} run={r} />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
