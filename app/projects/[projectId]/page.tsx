import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AppShell } from "@/app/_shell/app-shell";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { MilestoneCard } from "@/components/dashboard/milestone-card";
import { WidgetSkeleton } from "@/components/dashboard/skeleton";
import { TrendChart } from "@/components/dashboard/trend-chart";
import { MilestoneDialog } from "@/components/milestones/milestone-dialog";
import { ProjectHeader } from "@/components/projects/project-header";
import { NewRunDialog } from "@/components/runs/new-run-dialog";
import { RunsTable } from "@/components/runs/runs-table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate } from "@/components/ui/format";
import { DataTable, TableHead, cell } from "@/components/ui/table";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { listEnvironments } from "@/lib/environments/queries";
import { milestoneRuns } from "@/lib/milestones/runs";
import { listMilestones } from "@/lib/milestones/queries";
import { activeMilestoneCards, failuresNeedingAttention, passRateTrend } from "@/lib/projects/dashboard";
import { getProject } from "@/lib/projects/queries";
import type { Project } from "@/lib/projects/schemas";
import { listRuns } from "@/lib/runs/queries";
import { PriorityChip } from "@/components/ui/chips";
import { QuarantineList } from "@/components/quarantine/quarantine-list";
import { listActiveQuarantines } from "@/lib/quarantine/queries";

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<{ milestone?: string; environment?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).projectId) };
}

type Filter = { milestoneId?: string; environmentId?: string };

function Heading({ id, children, aside }: { id: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
      <h2 id={id} className="text-lg font-semibold text-slate-900">{children}</h2>
      {aside}
    </div>
  );
}

export default async function ProjectDashboard({ params, searchParams }: Props) {
  const ctx = await projectPageContext((await params).projectId);
  const q = await searchParams;
  const [project, active, environments] = await Promise.all([
    getProject(ctx),
    listMilestones(ctx, { status: ["ACTIVE"] }, { limit: 200 }),
    listEnvironments(ctx, { limit: 200 }),
  ]);
  // Unknown filter values show everything rather than an empty page.
  const filter: Filter = {
    milestoneId: active.data.some((m) => m.id === q.milestone) ? q.milestone : undefined,
    environmentId: environments.data.some((e) => e.id === q.environment) ? q.environment : undefined,
  };
  const canManageMilestones = allowed(ctx, "milestone:write");
  const canWriteRuns = allowed(ctx, "run:write");
  const parents = active.data.map((m) => ({ id: m.id, name: m.name }));

  return (
    <AppShell actor={ctx.actor}>
      <ProjectHeader project={project} current="overview" />

      <div className="mt-6">
        <FilterBar
          testId="dashboard-filters"
          filters={[
            { name: "milestone", label: "Milestone", allLabel: "All active milestones", options: active.data.map((m) => ({ value: m.id, label: m.name })) },
            { name: "environment", label: "Environment", allLabel: "All environments", options: environments.data.map((e) => ({ value: e.id, label: e.name })) },
          ]}
        />
      </div>

      <section className="mt-6" aria-labelledby="active-heading">
        <Heading
          id="active-heading"
          aside={
            <div className="flex items-center gap-3">
              <Link href={`/projects/${project.key}/milestones`} className="text-sm text-indigo-600 hover:underline">All milestones →</Link>
              {canManageMilestones && <MilestoneDialog projectKey={project.key} parents={parents} />}
            </div>
          }
        >
          Active milestones
        </Heading>
        <Suspense fallback={<WidgetSkeleton height="h-64" label="active milestones" />}>
          <ActiveMilestones ctx={ctx} project={project} filter={filter} />
        </Suspense>
      </section>

      <div className="mt-10 grid gap-8 lg:grid-cols-5">
        <section className="lg:col-span-3" aria-labelledby="attention-heading">
          <Heading id="attention-heading">Failures needing attention</Heading>
          <Suspense fallback={<WidgetSkeleton label="failures" />}>
            <Failures ctx={ctx} project={project} filter={filter} />
          </Suspense>
        </section>
        <section className="lg:col-span-2" aria-labelledby="trend-heading">
          <Heading id="trend-heading">Pass rate, sprint over sprint</Heading>
          <Suspense fallback={<WidgetSkeleton height="h-56" label="trend" />}>
            <Trend ctx={ctx} project={project} filter={filter} />
          </Suspense>
        </section>
      </div>

      <section className="mt-10" aria-labelledby="runs-heading">
        <Heading
          id="runs-heading"
          aside={
            <div className="flex items-center gap-3">
              <Link href={`/projects/${project.key}/runs`} className="text-sm text-indigo-600 hover:underline">All runs →</Link>
              {canWriteRuns && (
                <NewRunDialog
                  projectKey={project.key}
                  defaultMode="filter"
                  milestones={active.data.map((m) => ({ id: m.id, name: m.name, dueDate: m.dueDate, parentId: m.parentId }))}
                  environments={environments.data.map((e) => ({ id: e.id, name: e.name }))}
                />
              )}
            </div>
          }
        >
          Recent test runs
        </Heading>
        <Suspense fallback={<WidgetSkeleton label="recent runs" />}>
          <RecentRuns ctx={ctx} project={project} filter={filter} canWriteRuns={canWriteRuns} />
        </Suspense>
      </section>

      <section className="mt-10" aria-labelledby="quarantine-heading">
        <Heading id="quarantine-heading" aside={<span className="text-sm text-slate-500">Their failures do not block until the quarantine expires</span>}>
          Quarantine
        </Heading>
        <Suspense fallback={<WidgetSkeleton label="quarantine" />}>
          <Quarantines ctx={ctx} project={project} canLift={allowed(ctx, "quarantine:write")} />
        </Suspense>
      </section>
    </AppShell>
  );
}

async function Quarantines({ ctx, project, canLift }: { ctx: ProjectCtx; project: Project; canLift: boolean }) {
  const { data } = await listActiveQuarantines(ctx);
  return <QuarantineList items={data} projectKey={project.key} canLift={canLift} />;
}

type WidgetProps = { ctx: ProjectCtx; project: Project; filter: Filter };

async function ActiveMilestones({ ctx, project, filter }: WidgetProps) {
  const { cards, totalActive } = await activeMilestoneCards(ctx, filter.milestoneId, filter.environmentId);
  if (cards.length === 0) {
    return <EmptyState title="No active milestones">Create a release or sprint to track its readiness here.</EmptyState>;
  }
  const shown = cards.length + cards.reduce((n, c) => n + c.phases.length, 0);
  return (
    <>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="milestones">
        {cards.map((c) => (
          <MilestoneCard key={c.milestone.id} card={c} phases={c.phases} projectKey={project.key} environmentId={filter.environmentId} />
        ))}
      </div>
      {!filter.milestoneId && totalActive > shown && (
        <p className="mt-2 text-xs text-slate-600">
          {totalActive - shown} more active milestone{totalActive - shown === 1 ? "" : "s"} on the{" "}
          <Link href={`/projects/${project.key}/milestones`} className="text-indigo-600 underline hover:text-indigo-800">milestones list</Link>.
        </p>
      )}
    </>
  );
}

async function Failures({ ctx, project, filter }: WidgetProps) {
  const { cards } = await activeMilestoneCards(ctx, filter.milestoneId, filter.environmentId);
  const { failures, total } = failuresNeedingAttention(cards);
  if (failures.length === 0) {
    return <EmptyState title="Nothing needs attention">No open failures in the active milestones shown.</EmptyState>;
  }
  return (
    <>
      <DataTable testId="attention">
        <TableHead>
          <th className={cell()}>Case</th>
          <th className={cell()}>Priority</th>
          <th className={cell()}>Where</th>
          <th className={cell()}>Since</th>
          <th className={cell()}>Defect</th>
        </TableHead>
        <tbody className="divide-y divide-slate-100">
          {failures.map((f) => (
            <tr key={`${f.caseId}-${f.environment.id}`} className={f.priority === "CRITICAL" ? "bg-rose-50/40" : undefined}>
              <td className="px-4 py-2.5">
                <span className="font-mono text-xs text-slate-600">{f.caseKey}</span>
                <div className="line-clamp-2 font-medium break-words text-slate-900" title={f.title}>{f.title}</div>
              </td>
              <td className="px-4 py-2.5">
                <PriorityChip priority={f.priority} />
              </td>
              <td className="px-4 py-2.5 text-xs text-slate-600">
                <Link href={`/projects/${project.key}/milestones/${f.milestone.id}`} className="font-medium whitespace-nowrap text-slate-800 hover:text-indigo-600 hover:underline">{f.milestone.name}</Link>
                <div>{f.environment.name}</div>
              </td>
              <td className="px-4 py-2.5 text-xs whitespace-nowrap text-slate-600">{formatDate(f.since)}</td>
              <td className="px-4 py-2.5 text-xs">
                {f.defect ? <span className="font-medium text-slate-800">{f.defect.key}</span> : <Badge value="UNTRACKED" label="Untracked" />}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {total > failures.length && <p className="mt-2 text-xs text-slate-600">{total - failures.length} more on the milestone pages.</p>}
    </>
  );
}

async function Trend({ ctx, project, filter }: WidgetProps) {
  const trend = await passRateTrend(ctx, filter.environmentId);
  // A line needs two points: with fewer, a sentence says what there is.
  if (trend.length < 2) {
    const only = trend[0];
    return (
      <p className="rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-600 shadow-sm" data-testid="trend-sentence">
        {only
          ? `Only one milestone has completed so far: ${only.milestone.name}, with ${only.passRate === null ? "no executed results" : `a pass rate of ${only.passRate.toFixed(1)}%`} (target ${project.settings.passRateThreshold}%). The trend chart appears once a second milestone completes.`
          : "No milestone has completed yet. The pass-rate trend appears once two milestones have completed."}
      </p>
    );
  }
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <TrendChart data={trend.map((t) => ({ name: t.milestone.name, passRate: t.passRate, executed: t.executed }))} threshold={project.settings.passRateThreshold} />
      <p className="mt-1 text-xs text-slate-600">The last {trend.length} completed milestone{trend.length === 1 ? "" : "s"}, oldest first.</p>
    </div>
  );
}

async function RecentRuns({ ctx, project, filter, canWriteRuns }: WidgetProps & { canWriteRuns: boolean }) {
  const runs = filter.milestoneId
    ? (await milestoneRuns(ctx, filter.milestoneId, { environmentId: filter.environmentId, limit: 10 })).runs
    : (await listRuns(ctx, { environmentId: filter.environmentId }, { limit: 10 })).data;
  if (runs.length === 0) {
    return (
      <EmptyState title="No test runs yet">
        Runs created by testers or CI (<code className="rounded bg-slate-100 px-1">POST /api/projects/{project.key}/test-runs</code>) show up here.
      </EmptyState>
    );
  }
  return <RunsTable projectKey={project.key} runs={runs} withActions={canWriteRuns} />;
}
