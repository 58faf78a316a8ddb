import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { ProjectHeader } from "@/components/projects/project-header";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { dueIn, formatDate, formatDateTime } from "@/components/ui/format";
import { StatusBar } from "@/components/ui/status-bar";
import { MilestoneDialog } from "@/components/milestones/milestone-dialog";
import { NewRunDialog } from "@/components/runs/new-run-dialog";
import { RunStatusActions } from "@/components/runs/run-status-actions";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { listEnvironments } from "@/lib/environments/queries";
import { listMilestones } from "@/lib/milestones/queries";
import type { MilestoneStatus } from "@/lib/milestones/schemas";
import { getProject } from "@/lib/projects/queries";
import { passRate } from "@/lib/runs/metrics";
import { listRuns } from "@/lib/runs/queries";
import { DataTable, TableHead } from "@/components/ui/table";

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<{ milestones?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).projectId) };
}

const TABS: { key: string; label: string; status?: MilestoneStatus[] }[] = [
  { key: "active", label: "Active", status: ["ACTIVE"] },
  { key: "completed", label: "Completed", status: ["COMPLETED"] },
  { key: "archived", label: "Archived", status: ["ARCHIVED"] },
  { key: "all", label: "All" },
];

export default async function ProjectPage({ params, searchParams }: Props) {
  const ctx = await projectPageContext((await params).projectId);
  const { milestones: tabKey } = await searchParams;
  const tab = TABS.find((t) => t.key === tabKey) ?? TABS[0];
  const canManageMilestones = allowed(ctx, "milestone:write");
  const canWriteRuns = allowed(ctx, "run:write");
  const [project, milestones, runs, activeMilestones, environments] = await Promise.all([
    getProject(ctx),
    listMilestones(ctx, { status: tab.status }, { limit: 200 }),
    listRuns(ctx, {}, { limit: 10 }),
    canWriteRuns ? listMilestones(ctx, { status: ["ACTIVE"] }, { limit: 200 }) : null,
    canWriteRuns ? listEnvironments(ctx, { limit: 200 }) : null,
  ]);
  const base = `/projects/${project.key}`;

  return (
    <AppShell actor={ctx.actor}>
      <ProjectHeader project={project} current="overview" />

      <section className="mt-8" aria-labelledby="milestones-heading">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex items-center gap-3">
            <h2 id="milestones-heading" className="text-lg font-semibold text-slate-900">Milestones</h2>
            {canManageMilestones && <MilestoneDialog projectKey={project.key} />}
          </div>
          <nav className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm" aria-label="Milestone status">
            {TABS.map((t) => (
              <Link
                key={t.key}
                href={`${base}?milestones=${t.key}`}
                aria-current={t.key === tab.key ? "page" : undefined}
                className={`rounded-md px-3 py-1 ${t.key === tab.key ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
              >
                {t.label}
              </Link>
            ))}
          </nav>
        </div>
        <div className="mt-3">
          {milestones.data.length === 0 ? (
            <EmptyState title={`No ${tab.key === "all" ? "" : tab.label.toLowerCase() + " "}milestones`}>
              Create one with <code className="rounded bg-slate-100 px-1">POST /api/projects/{project.key}/milestones</code>.
            </EmptyState>
          ) : (
            <DataTable testId="milestones">
                <TableHead>
                    <th className="px-4 py-2">Milestone</th>
                    <th className="px-4 py-2">Due</th>
                    <th className="px-4 py-2">Status</th>
                    <th className="px-4 py-2">Runs</th>
                    {canManageMilestones && <th className="px-4 py-2"><span className="sr-only">Actions</span></th>}
                  </TableHead>
                <tbody className="divide-y divide-slate-100">
                  {milestones.data.map((m) => {
                    const late = m.status === "ACTIVE" && m.dueDate && Date.parse(m.dueDate) < Date.now();
                    return (
                      <tr key={m.id}>
                        <td className="px-4 py-3">
                          <Link href={`${base}/milestones/${m.id}`} className="font-medium text-slate-900 hover:text-indigo-600 hover:underline">{m.name}</Link>
                          {m.description && <div className="line-clamp-1 text-xs text-slate-500">{m.description}</div>}
                        </td>
                        <td className="px-4 py-3 whitespace-nowrap">
                          <div>{formatDate(m.dueDate)}</div>
                          {m.status === "ACTIVE" && (
                            <div className={`text-xs ${late ? "font-medium text-rose-600" : "text-slate-500"}`}>{dueIn(m.dueDate)}</div>
                          )}
                        </td>
                        <td className="px-4 py-3"><Badge value={m.status} /></td>
                        <td className="px-4 py-3 text-slate-600">
                          {m.runCounts.total === 0
                            ? "No runs yet"
                            : `${m.runCounts.completed}/${m.runCounts.total} completed` +
                              (m.runCounts.inProgress + m.runCounts.planned > 0
                                ? ` · ${m.runCounts.inProgress + m.runCounts.planned} still open`
                                : "")}
                        </td>
                        {canManageMilestones && (
                          <td className="px-4 py-3 text-right"><MilestoneDialog projectKey={project.key} milestone={m} /></td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </DataTable>
          )}
        </div>
      </section>

      <section className="mt-10" aria-labelledby="runs-heading">
        <div className="flex items-center gap-3">
          <h2 id="runs-heading" className="text-lg font-semibold text-slate-900">Recent test runs</h2>
          {activeMilestones && environments && (
            <NewRunDialog
              projectKey={project.key}
              milestones={activeMilestones.data.map((m) => ({ id: m.id, name: m.name }))}
              environments={environments.data.map((e) => ({ id: e.id, name: e.name }))}
            />
          )}
        </div>
        <div className="mt-3">
          {runs.data.length === 0 ? (
            <EmptyState title="No test runs yet">
              Runs created by testers or CI (<code className="rounded bg-slate-100 px-1">POST /api/projects/{project.key}/test-runs</code>) show up here.
            </EmptyState>
          ) : (
            <DataTable testId="runs">
                <TableHead>
                    <th className="px-4 py-2">Run</th>
                    <th className="px-4 py-2">Milestone</th>
                    <th className="px-4 py-2">Environment</th>
                    <th className="px-4 py-2">Status</th>
                    <th className="px-4 py-2">Results</th>
                    <th className="px-4 py-2 text-right">Pass rate</th>
                    {canWriteRuns && <th className="px-4 py-2"><span className="sr-only">Actions</span></th>}
                  </TableHead>
                <tbody className="divide-y divide-slate-100">
                  {runs.data.map((r) => {
                    const rate = passRate(r.counts);
                    return (
                      <tr key={r.id}>
                        <td className="px-4 py-3">
                          <Link href={`/projects/${project.key}/runs/${r.id}`} className="font-medium text-slate-900 hover:text-indigo-600 hover:underline">{r.name}</Link>
                          <div className="mt-0.5 flex items-center gap-2 text-xs text-slate-500">
                            <Badge value={r.kind} />
                            <span>{formatDateTime(r.createdAt)}</span>
                          </div>
                        </td>
                        <td className="px-4 py-3 text-slate-700">{r.milestone.name}</td>
                        <td className="px-4 py-3 text-slate-700">{r.environment.name}</td>
                        <td className="px-4 py-3"><Badge value={r.status} /></td>
                        <td className="w-64 px-4 py-3"><StatusBar counts={r.counts} showLegend /></td>
                        <td className="px-4 py-3 text-right font-medium tabular-nums text-slate-900">
                          {rate === null ? <span className="text-slate-400">—</span> : `${rate.toFixed(1)}%`}
                        </td>
                        {canWriteRuns && (
                          <td className="px-4 py-3">
                            <RunStatusActions projectKey={project.key} runId={r.id} runName={r.name} status={r.status} />
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </DataTable>
          )}
        </div>
      </section>
    </AppShell>
  );
}
