import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { ProjectHeader } from "@/components/projects/project-header";
import { EmptyState } from "@/components/ui/empty-state";
import { titleCase } from "@/components/ui/format";
import { RunsTable } from "@/components/runs/runs-table";
import { projectPageContext } from "@/lib/auth/page-context";
import { ValidationError } from "@/lib/errors";
import { listEnvironments } from "@/lib/environments/queries";
import { listMilestones } from "@/lib/milestones/queries";
import { getProject } from "@/lib/projects/queries";
import { listRuns } from "@/lib/runs/queries";
import { RunKind, RunStatus } from "@/lib/runs/schemas";

type Search = { milestone?: string; environment?: string; status?: string; kind?: string; cursor?: string };
type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Search> };

export const metadata: Metadata = { title: "Test runs" };

const PAGE_SIZE = 25;

export default async function RunsPage({ params, searchParams }: Props) {
  const ctx = await projectPageContext((await params).projectId);
  const q = await searchParams;
  const status = RunStatus.safeParse(q.status).data;
  const kind = RunKind.safeParse(q.kind).data;
  const filter = { milestoneId: q.milestone || undefined, environmentId: q.environment || undefined, status: status && [status], kind: kind && [kind] };
  const [project, milestones, environments] = await Promise.all([
    getProject(ctx),
    listMilestones(ctx, {}, { limit: 200 }),
    listEnvironments(ctx, { limit: 200 }),
  ]);
  // A cursor from another filter (or a forged one) starts again at the first page.
  const runs = await listRuns(ctx, filter, { limit: PAGE_SIZE, cursor: q.cursor }).catch((err) => {
    if (err instanceof ValidationError) return listRuns(ctx, filter, { limit: PAGE_SIZE });
    throw err;
  });
  const base = `/projects/${project.key}`;
  const keep = new URLSearchParams(Object.entries({ milestone: q.milestone, environment: q.environment, status: q.status, kind: q.kind }).filter((e): e is [string, string] => !!e[1]));
  const withCursor = (cursor?: string) => {
    const p = new URLSearchParams(keep);
    if (cursor) p.set("cursor", cursor);
    const s = p.toString();
    return `${base}/runs${s ? `?${s}` : ""}`;
  };

  return (
    <AppShell actor={ctx.actor}>
      <ProjectHeader project={project} current="runs" />

      <div className="mt-6">
        <FilterBar
          testId="run-filters"
          filters={[
            { name: "milestone", label: "Milestone", allLabel: "All milestones", options: milestones.data.map((m) => ({ value: m.id, label: m.status === "ACTIVE" ? m.name : `${m.name} (${titleCase(m.status)})` })) },
            { name: "environment", label: "Environment", allLabel: "All environments", options: environments.data.map((e) => ({ value: e.id, label: e.name })) },
            { name: "status", label: "Status", allLabel: "Any status", options: RunStatus.options.map((s) => ({ value: s, label: titleCase(s) })) },
            { name: "kind", label: "Kind", allLabel: "Any kind", options: RunKind.options.map((k) => ({ value: k, label: titleCase(k) })) },
          ]}
        />
      </div>

      <div className="mt-4">
        {runs.data.length === 0 ? (
          <EmptyState title="No runs match these filters">
            Runs are planned by testers or posted by CI (<code className="rounded bg-slate-100 px-1">POST /api/projects/{project.key}/test-runs</code>).
          </EmptyState>
        ) : (
          <RunsTable projectKey={project.key} runs={runs.data} />
        )}
        <div className="mt-3 flex justify-end gap-3 text-sm">
          {q.cursor && <Link href={withCursor()} className="text-indigo-600 hover:underline">First page</Link>}
          {runs.nextCursor && <Link href={withCursor(runs.nextCursor)} className="text-indigo-600 hover:underline" data-testid="next-page">Next page →</Link>}
        </div>
      </div>
    </AppShell>
  );
}
