import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ExploratorySessionPage } from "./exploratory-session";
import { AppShell } from "@/app/_shell/app-shell";
import { EntriesTable } from "@/components/runs/entries-table";
import { FailureClusters } from "@/components/failure-clusters/failure-clusters";
import { runFailureClusters } from "@/lib/failure-clusters/queries";
import { EntrySearch } from "@/components/runs/entry-search";
import { RerunButton } from "@/components/runs/rerun-button";
import { RunShortcuts } from "@/components/runs/run-shortcuts";
import { RunStatusActions } from "@/components/runs/run-status-actions";
import { STATUS_TONES } from "@/components/ui/chips";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { countOf, formatDateTime } from "@/components/ui/format";
import { StatusBar } from "@/components/ui/status-bar";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { listEntries, type EntryFilter } from "@/lib/entries/queries";
import { listMembers } from "@/lib/members/queries";
import type { EntryStatus, RunEntry } from "@/lib/entries/schemas";
import { NotFoundError } from "@/lib/errors";
import { passRate } from "@/lib/runs/metrics";
import { getRun } from "@/lib/runs/queries";

type Search = { status?: string; assignee?: string; priority?: string; q?: string };
type Props = { params: Promise<{ projectId: string; runId: string }>; searchParams: Promise<Search> };

export const metadata: Metadata = { title: "Test run" };

const STATUSES: EntryStatus[] = ["UNTESTED", "PASSED", "FAILED", "BLOCKED", "RETEST", "SKIPPED"];
const PRIORITIES: RunEntry["priority"][] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const MAX_ENTRIES = 5000;

function csv<T extends string>(value: string | undefined, allowedValues: readonly T[]): T[] {
  return (value ?? "").split(",").filter((v): v is T => (allowedValues as readonly string[]).includes(v));
}

export default async function RunPage({ params, searchParams }: Props) {
  const { projectId, runId } = await params;
  const ctx = await projectPageContext(projectId);
  const search = await searchParams;
  const filter: EntryFilter = {
    status: csv(search.status, STATUSES),
    priority: csv(search.priority, PRIORITIES),
    assignee: typeof search.assignee === "string" && /^[\w-]{1,100}$/.test(search.assignee) ? search.assignee : undefined,
    q: typeof search.q === "string" ? search.q.trim().slice(0, 200) || undefined : undefined,
  };
  const filtered = Boolean(filter.status?.length || filter.priority?.length || filter.assignee || filter.q);
  let run;
  try {
    run = await getRun(ctx, runId);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  if (run.kind === "EXPLORATORY") return <ExploratorySessionPage ctx={ctx} run={run} />;
  const [entries, all, members, clusters] = await Promise.all([
    listEntries(ctx, run.id, filter, { limit: MAX_ENTRIES }),
    filtered ? listEntries(ctx, run.id, {}, { limit: MAX_ENTRIES }) : null,
    listMembers(ctx, { limit: 200 }),
    runFailureClusters(ctx, run.id),
  ]);
  // Entries go to members who may execute them.
  const assignees = members.data
    .filter((m) => !m.disabled && (m.role === "TESTER" || m.role === "ADMIN"))
    .map((m) => ({ id: m.userId, name: m.name || m.email }));
  const ordered = (all ?? entries).data;
  const key = ctx.project.key;
  const base = `/projects/${key}/runs/${run.id}`;
  const canWrite = allowed(ctx, "run:write");
  const open = run.status !== "COMPLETED" && run.status !== "ABORTED";
  const firstOpen = ordered.find((e) => e.status === "UNTESTED" || e.status === "RETEST") ?? null;
  const executeHref = canWrite && open && firstOpen ? `${base}/execute/${firstOpen.id}` : null;
  const rate = passRate(run.counts);
  const done = run.counts.total - run.counts.untested;
  const failures = run.counts.failed + run.counts.blocked;

  const href = (change: Partial<Record<keyof Search, string | undefined>>) => {
    const next: Record<string, string> = {};
    const merged = { status: filter.status?.join(","), assignee: filter.assignee, priority: filter.priority?.join(","), q: filter.q, ...change };
    for (const [k, v] of Object.entries(merged)) if (v) next[k] = v;
    const qs = new URLSearchParams(next).toString();
    return qs ? `${base}?${qs}` : base;
  };
  const toggle = <T extends string>(list: T[] | undefined, v: T) => {
    const set = new Set(list ?? []);
    if (set.has(v)) set.delete(v);
    else set.add(v);
    return [...set].join(",") || undefined;
  };

  const groups: { path: string; entries: RunEntry[] }[] = [];
  for (const e of entries.data) {
    const path = e.suite?.path ?? "";
    const last = groups[groups.length - 1];
    if (last && last.path === path) last.entries.push(e);
    else groups.push({ path, entries: [e] });
  }

  const chip = (active: boolean) =>
    `rounded-full px-2.5 py-1 text-xs ring-1 ring-inset transition ${active ? "bg-slate-900 font-medium text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-200 hover:text-slate-900 hover:ring-slate-300"}`;

  return (
    <AppShell actor={ctx.actor}>
      <RunShortcuts executeHref={executeHref} live={open} />
      <nav className="text-sm text-slate-600" aria-label="Breadcrumb">
        <Link href={`/projects/${key}`} className="hover:text-slate-800">{ctx.project.name}</Link>
        <span className="mx-2">/</span>
        <Link href={`/projects/${key}/milestones/${run.milestone.id}`} className="hover:text-slate-800">{run.milestone.name}</Link>
        <span className="mx-2">/</span>
        <span className="text-slate-700">{run.name}</span>
      </nav>

      <header className="mt-3 flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-5">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-3xl font-bold tracking-tight text-slate-900">{run.name}</h1>
            <Badge value={run.status} />
            <Badge value={run.kind} />
          </div>
          <p className="mt-1 text-sm text-slate-600">
            Milestone{" "}
            <Link href={`/projects/${key}/milestones/${run.milestone.id}`} className="font-medium text-indigo-600 hover:underline" data-testid="run-milestone">
              {run.milestone.name}
            </Link>
            <span className="mx-2 text-slate-500">·</span>
            Environment <span className="font-medium text-slate-800">{run.environment.name}</span>
            {run.build && (
              <>
                <span className="mx-2 text-slate-500">·</span>
                Build <span className="font-mono font-medium text-slate-800" data-testid="run-build">{run.build}</span>
              </>
            )}
            <span className="mx-2 text-slate-500">·</span>
            {run.completedAt ? `Completed ${formatDateTime(run.completedAt)}` : run.startedAt ? `Started ${formatDateTime(run.startedAt)}` : `Created ${formatDateTime(run.createdAt)}`}
          </p>
          {run.sourceRunId ? (
            <p className="mt-1 text-sm text-slate-600">
              Re-runs the failed and blocked entries of{" "}
              <Link href={`/projects/${key}/runs/${run.sourceRunId}`} className="font-medium text-indigo-600 hover:underline" data-testid="source-run">
                the previous run
              </Link>
              .
            </p>
          ) : (
            run.description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{run.description}</p>
          )}
        </div>
        <div className="flex items-center gap-3">
          {canWrite && <RunStatusActions projectKey={key} run={run} />}
          {canWrite && failures > 0 && <RerunButton projectKey={key} runId={run.id} failures={failures} />}
          {executeHref && (
            <Link
              href={executeHref}
              className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
            >
              {done === 0 ? "Start executing" : "Continue executing"}
              <kbd className="rounded bg-indigo-500/60 px-1.5 font-mono text-[11px]">E</kbd>
            </Link>
          )}
        </div>
      </header>

      <section className="mt-6 grid gap-4 sm:grid-cols-4" aria-label="Progress">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:col-span-3">
          <div className="mb-2 flex items-baseline justify-between text-sm">
            <span className="font-medium text-slate-800">Progress</span>
            <span className="tabular-nums text-slate-600" data-testid="run-progress">
              {done} of {run.counts.total} executed
            </span>
          </div>
          <StatusBar counts={run.counts} showLegend />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="text-sm font-medium text-slate-800">Pass rate</div>
          <div className="mt-1 text-2xl font-bold tabular-nums text-slate-900">{rate === null ? "—" : `${rate.toFixed(1)}%`}</div>
        </div>
      </section>

      <dl className="mt-4 grid grid-cols-3 gap-2 sm:grid-cols-6" data-testid="run-counts">
        {(["passed", "failed", "blocked", "retest", "skipped", "untested"] as const).map((k) => (
          <div key={k} className="rounded-md border border-slate-200 bg-white px-3 py-2">
            <dt className="flex items-center gap-1.5 text-xs text-slate-600 capitalize">
              <span className={`h-2 w-2 rounded-full ${STATUS_TONES[k.toUpperCase()].dot}`} aria-hidden />
              {k}
            </dt>
            <dd
              className={`text-lg font-semibold tabular-nums ${run.counts[k] > 0 && (k === "failed" || k === "blocked") ? (k === "failed" ? "text-rose-700" : "text-amber-700") : "text-slate-900"}`}
              data-testid={`count-${k}`}
            >
              {run.counts[k]}
            </dd>
          </div>
        ))}
      </dl>

      <nav className="mt-6 space-y-3" aria-label="Filters" data-testid="entry-filters">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <EntrySearch assignees={assignees} />
          <span className="text-xs text-slate-600 tabular-nums" data-testid="shown-count">
            {filtered ? `${entries.data.length} of ${countOf(run.counts.total, "entry", "entries")} ${entries.data.length === 1 ? "matches" : "match"}` : countOf(run.counts.total, "entry", "entries")}
            {open && <span className="ml-2 inline-flex items-center gap-1 text-emerald-700"><span className="h-1.5 w-1.5 animate-pulse rounded-full bg-emerald-500" aria-hidden />live</span>}
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <div className="flex flex-wrap items-center gap-1">
            <span className="mr-1 text-xs font-medium tracking-wide text-slate-600 uppercase">Status</span>
            {STATUSES.map((s) => (
              <Link key={s} href={href({ status: toggle(filter.status, s) })} className={`${chip(!!filter.status?.includes(s))} inline-flex items-center gap-1.5`} aria-current={filter.status?.includes(s) ? "true" : undefined}>
                <span className={`h-1.5 w-1.5 rounded-full ${STATUS_TONES[s].dot}`} aria-hidden />
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </Link>
            ))}
          </div>
          <div className="flex flex-wrap items-center gap-1">
            <span className="mr-1 text-xs font-medium tracking-wide text-slate-600 uppercase">Priority</span>
            {PRIORITIES.map((p) => (
              <Link key={p} href={href({ priority: toggle(filter.priority, p) })} className={chip(!!filter.priority?.includes(p))} aria-current={filter.priority?.includes(p) ? "true" : undefined}>
                {p.charAt(0) + p.slice(1).toLowerCase()}
              </Link>
            ))}
          </div>
          {filtered && (
            <Link href={base} className="text-xs font-medium text-indigo-600 hover:underline">
              Clear filters
            </Link>
          )}
        </div>
      </nav>

      <section className="mt-4" aria-label="Entries">
        {entries.data.length === 0 ? (
          <EmptyState title={filtered ? "No entries match these filters" : "This run has no entries yet"}>
            {filtered ? <Link href={base} className="text-indigo-600 hover:underline">Clear the filters</Link> : "Add cases to the run through the API or plan it from a filter."}
          </EmptyState>
        ) : (
          <EntriesTable
            groups={groups}
            base={base}
            apiBase={`/api/projects/${key}/test-runs/${run.id}`}
            assignees={assignees}
            canAssign={canWrite && open}
            total={run.counts.total}
          />
        )}
        {entries.nextCursor && <p className="mt-2 text-xs text-slate-600">Showing the first {MAX_ENTRIES} entries.</p>}
      </section>

      {clusters.data.length > 0 && (
        <section className="mt-8" aria-labelledby="clusters-heading">
          <h2 id="clusters-heading" className="mb-3 text-lg font-semibold text-slate-900">
            Failure clusters <span className="text-sm font-normal text-slate-500">({clusters.failures} failing entries by error)</span>
          </h2>
          <FailureClusters clusters={clusters} projectKey={key} canMakeRule={allowed(ctx, "failure-rule:write")} />
        </section>
      )}
    </AppShell>
  );
}

