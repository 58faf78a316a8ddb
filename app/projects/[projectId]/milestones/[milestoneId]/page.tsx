import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { Badge } from "@/components/ui/badge";
import { countOf, formatDate, formatDateTime } from "@/components/ui/format";
import { daysLeftText } from "@/components/milestones/badges";
import { AutoRefresh } from "@/components/milestones/summary/auto-refresh";
import { BurnUpChart } from "@/components/milestones/summary/burn-up-chart";
import { CoverageSection } from "@/components/milestones/summary/coverage-section";
import { ScopeDialog } from "@/components/milestones/summary/scope-dialog";
import { CompleteDialog } from "@/components/milestones/summary/complete-dialog";
import { ComparedWith } from "@/components/milestones/summary/compared-with";
import { OpenFailures } from "@/components/milestones/summary/open-failures";
import { WaivedFailures } from "@/components/milestones/summary/waived-failures";
import { RunsByEnvironment } from "@/components/milestones/summary/runs-by-environment";
import { ShareBox } from "@/components/milestones/summary/share-box";
import { SignoffDialog } from "@/components/milestones/summary/signoff-dialog";
import { Signoffs } from "@/components/milestones/summary/signoffs";
import { StatusChart } from "@/components/milestones/summary/status-chart";
import { VerdictPanel } from "@/components/milestones/summary/verdict-panel";
import { MilestoneSessions } from "@/components/exploratory/milestone-sessions";
import { FailureClusters } from "@/components/failure-clusters/failure-clusters";
import { QuarantinedFailures } from "@/components/quarantine/quarantined-failures";
import { summaryFailureClusters } from "@/lib/failure-clusters/queries";
import type { FailureClusterList } from "@/lib/failure-clusters/schemas";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { listEnvironments } from "@/lib/environments/queries";
import { milestoneActivity } from "@/lib/milestones/activity";
import { badgeSignature, signedBadgePath } from "@/lib/milestones/badge";
import { milestoneBurnUp, type BurnUp } from "@/lib/milestones/burn-up";
import { getMilestone } from "@/lib/milestones/queries";
import { milestoneRuns } from "@/lib/milestones/runs";
import { sharedMilestoneSummary } from "@/lib/milestones/summary-rounds";
import { milestoneCoverage } from "@/lib/requirements/milestone-coverage";
import { getMilestoneRequirements } from "@/lib/requirements/milestone-scope";

type Props = {
  params: Promise<{ projectId: string; milestoneId: string }>;
  searchParams: Promise<{ environment?: string }>;
};

export const metadata: Metadata = { title: "Milestone summary" };

function SectionTitle({ id, children, aside }: { id: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
      <h2 id={id} className="text-lg font-semibold text-slate-900">{children}</h2>
      {aside}
    </div>
  );
}

export default async function MilestoneSummaryPage({ params, searchParams }: Props) {
  const { projectId, milestoneId } = await params;
  const ctx = await projectPageContext(projectId);
  const { environment: envParam } = await searchParams;
  const [milestone, environments] = await Promise.all([getMilestone(ctx, milestoneId), listEnvironments(ctx, { limit: 200 })]);
  const envFilter = environments.data.find((e) => e.id === envParam) ?? null;
  // Started now, awaited in its Suspense boundary: the burn-up reads every entry, so it runs
  // alongside the summary instead of after it.
  const burnUp = milestoneBurnUp(ctx, milestone.id, { environmentId: envFilter?.id });
  burnUp.catch(() => undefined); // a failure surfaces where the boundary awaits it
  const canScope = allowed(ctx, "requirement:write");
  const [summary, coverage, scope, runs, activity, parent, hdrs] = await Promise.all([
    sharedMilestoneSummary(ctx, milestone.id, { environmentId: envFilter?.id }),
    milestoneCoverage(ctx, milestone.id, { environmentId: envFilter?.id }),
    canScope ? getMilestoneRequirements(ctx, milestone.id) : null,
    milestoneRuns(ctx, milestone.id, { environmentId: envFilter?.id, limit: 200 }),
    milestoneActivity(ctx, milestone.id),
    milestone.parentId ? getMilestone(ctx, milestone.parentId) : null,
    headers(),
  ]);

  // Streams in after the verdict, like the burn-up: it reads the latest attempt of every failure.
  const clusters = summaryFailureClusters(ctx, summary);
  clusters.catch(() => undefined); // a failure surfaces where the boundary awaits it
  const projectKey = ctx.project.key;
  const base = `/projects/${projectKey}/milestones/${milestone.id}`;
  const host = hdrs.get("x-forwarded-host") ?? hdrs.get("host") ?? "localhost";
  const proto = hdrs.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  const origin = `${proto}://${host}`;
  const shareUrl = `${origin}${base}${envFilter ? `?environment=${envFilter.id}` : ""}`;
  const apiBase = `/api/projects/${projectKey}/milestones/${milestone.id}`;
  const csvUrl = `${apiBase}/entries.csv${envFilter ? `?environment=${envFilter.id}` : ""}`;
  const badgeMarkdown = badgeSignature(milestone.id)
    ? `[![${milestone.name}](${origin}${signedBadgePath(projectKey, milestone.id)})](${origin}${base})`
    : null;
  const active = milestone.status === "ACTIVE";
  const canWaive = active && allowed(ctx, "milestone:waive");
  const canComplete = active && allowed(ctx, "milestone:complete");
  const canSignoff = allowed(ctx, "milestone:signoff");
  const late = active && milestone.dueDate && Date.parse(milestone.dueDate) < Date.now();
  const critical = summary.openFailures.filter((f) => f.priority === "CRITICAL" || f.priority === "HIGH").length;
  const executed = summary.counts.passed + summary.counts.failed + summary.counts.blocked;
  const liveRuns = summary.runs.total - summary.runs.aborted;
  // "No open failures" is a claim about executed tests: with nothing executed it would mislead.
  const failuresEmpty =
    liveRuns === 0
      ? { title: envFilter ? `No runs in ${envFilter.name}` : "No runs yet", detail: "Open failures appear here once a run has results." }
      : executed === 0
        ? { title: "Nothing executed yet", detail: `${liveRuns} run${liveRuns === 1 ? "" : "s"} planned${envFilter ? ` in ${envFilter.name}` : ""}; no case has passed, failed or been blocked.` }
        : {
            title: "No open failures",
            detail:
              summary.waivedFailures.length || summary.quarantinedFailures.length
                ? "Every failed or blocked case has since passed, or is waived or quarantined (below)."
                : "Every failed or blocked case has since passed.",
          };

  return (
    <AppShell actor={ctx.actor}>
      <nav className="text-sm text-slate-600 print:hidden" aria-label="Breadcrumb">
        <Link href={`/projects/${projectKey}`} className="hover:text-slate-800">{ctx.project.name}</Link>
        <span className="mx-2">/</span>
        {parent && (
          <>
            <Link href={`/projects/${projectKey}/milestones/${parent.id}`} className="hover:text-slate-800">{parent.name}</Link>
            <span className="mx-2">/</span>
          </>
        )}
        <span className="text-slate-700">{milestone.name}</span>
      </nav>

      <header className="mt-3 flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-5">
        <div>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-3xl font-bold tracking-tight text-slate-900">{milestone.name}</h1>
            <Badge value={milestone.status} />
          </div>
          <p className="mt-1 text-sm text-slate-600">
            <span className="font-mono text-xs text-slate-600">{projectKey}</span>
            <span className="mx-2 text-slate-500">·</span>
            Due <span className="font-medium text-slate-800">{formatDate(milestone.dueDate)}</span>
            {active && <span className={`ml-1 ${late ? "font-medium text-rose-600" : "text-slate-600"}`}>({daysLeftText(summary.risk.daysLeft)})</span>}
            {parent && (
              <>
                <span className="mx-2 text-slate-500">·</span>
                Part of{" "}
                <Link href={`/projects/${projectKey}/milestones/${parent.id}`} className="font-medium text-indigo-600 hover:underline">{parent.name}</Link>
              </>
            )}
          </p>
          {milestone.description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{milestone.description}</p>}
          <p className="mt-1 hidden text-xs text-slate-600 print:block">
            Generated {formatDateTime(summary.generatedAt)} · {envFilter ? `Environment: ${envFilter.name}` : "All environments"}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2 print:hidden">
          <AutoRefresh url={`${apiBase}/activity`} initialVersion={activity.version} />
          <a
            href={csvUrl}
            download
            data-testid="export-csv"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
          >
            Export CSV
          </a>
          <a
            href={`${apiBase}/evidence.pdf`}
            download
            data-testid="evidence-pack"
            title="A PDF for the auditor: verdict, runs, every result, failures, waivers, sign-offs, checklist, coverage and audit trail, with the manifest's SHA-256 on every page"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
          >
            Download evidence pack
          </a>
          {canSignoff && <SignoffDialog projectKey={projectKey} milestoneId={milestone.id} verdict={summary.verdict} reasons={summary.reasons.map((r) => r.message)} />}
          {canComplete && <CompleteDialog projectKey={projectKey} milestoneId={milestone.id} canOverride={allowed(ctx, "milestone:override")} />}
        </div>
      </header>

      {milestone.completion && (
        <section
          className={`mt-4 rounded-lg px-4 py-3 text-sm ring-1 ring-inset ${milestone.completion.overrides.length ? "bg-amber-50 text-amber-900 ring-amber-300" : "bg-emerald-50 text-emerald-900 ring-emerald-200"}`}
          data-testid="completion-record"
          aria-label="Completion record"
        >
          <p className="font-medium">
            {milestone.completion.completedAt ? `Completed ${formatDateTime(milestone.completion.completedAt)}` : "Was completed"}
            {milestone.completion.completedBy?.name ? ` by ${milestone.completion.completedBy.name}` : ""}
            {milestone.completion.overrides.length ? " with an override of the release checklist" : " with every checklist item met"}
          </p>
          {milestone.completion.overrides.length > 0 && (
            <>
              <p className="mt-1">Reason: “{milestone.completion.overrides[0].reason}”</p>
              <p className="mt-1 text-xs">Overridden: {milestone.completion.overrides.map((o) => o.code.toLowerCase().replace(/_/g, " ")).join(", ")}</p>
            </>
          )}
        </section>
      )}

      <nav className="mt-4 flex flex-wrap items-center gap-1 text-sm print:hidden" aria-label="Environment filter" data-testid="environment-filter">
        <span className="mr-2 text-xs font-medium tracking-wide text-slate-600 uppercase">Environment</span>
        {[{ id: null as string | null, name: "All environments" }, ...environments.data.map((e) => ({ id: e.id as string | null, name: e.name }))].map((e) => {
          const current = (envFilter?.id ?? null) === e.id;
          return (
            <Link
              key={e.id ?? "all"}
              href={e.id ? `${base}?environment=${e.id}` : base}
              aria-current={current ? "page" : undefined}
              className={`rounded-full px-3 py-1 ring-1 ring-inset ${current ? "bg-slate-900 font-medium text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-200 hover:text-slate-900"}`}
            >
              {e.name}
            </Link>
          );
        })}
      </nav>

      <div className="mt-6">
        <VerdictPanel summary={summary} />
      </div>

      <section className="mt-10" aria-labelledby="failures-heading">
        <SectionTitle
          id="failures-heading"
          aside={
            summary.openFailures.length > 0 && (
              <span className="text-sm text-slate-600">
                {summary.openFailures.length} open · <span className="font-medium text-rose-700">{critical} critical or high</span>
              </span>
            )
          }
        >
          Open failures
        </SectionTitle>
        <OpenFailures
          failures={summary.openFailures}
          projectKey={projectKey}
          milestoneId={milestone.id}
          canWaive={canWaive}
          canQuarantine={active && allowed(ctx, "quarantine:write")}
          empty={failuresEmpty}
          hasBaseline={summary.regressions.baseline !== null}
        />
      </section>

      <section className="mt-10" aria-labelledby="compare-heading">
        <SectionTitle id="compare-heading">
          {summary.regressions.baseline ? `Compared with ${summary.regressions.baseline.name}` : "Compared with the last release"}
        </SectionTitle>
        <ComparedWith summary={summary} compareUrl={`${apiBase}/compare${envFilter ? `?environment=${envFilter.id}` : ""}`} />
      </section>

      {summary.waivedFailures.length > 0 && (
        <section className="mt-10" aria-labelledby="waived-heading">
          <SectionTitle id="waived-heading" aside={<span className="text-sm text-slate-500">Accepted for this release; they do not count against the verdict</span>}>
            Waived ({summary.waivedFailures.length})
          </SectionTitle>
          <WaivedFailures failures={summary.waivedFailures} projectKey={projectKey} canRevoke={canWaive} />
        </section>
      )}

      {summary.quarantinedFailures.length > 0 && (
        <section className="mt-10" aria-labelledby="quarantined-heading">
          <SectionTitle id="quarantined-heading" aside={<span className="text-sm text-slate-500">Quarantined cases; they block again when the quarantine expires</span>}>
            Quarantined ({summary.quarantinedFailures.length})
          </SectionTitle>
          <QuarantinedFailures
            failures={summary.quarantinedFailures}
            projectKey={projectKey}
            canLift={allowed(ctx, "quarantine:write")}
            now={Date.parse(summary.generatedAt)}
          />
        </section>
      )}

      {summary.openFailures.length + summary.quarantinedFailures.length + summary.waivedFailures.length > 0 && (
        <section className="mt-10" aria-labelledby="clusters-heading">
          <SectionTitle id="clusters-heading" aside={<span className="text-sm text-slate-500">The failures above, grouped by their error</span>}>
            Failure clusters
          </SectionTitle>
          <Suspense fallback={<div className="h-24 animate-pulse rounded-md bg-slate-100" role="status" aria-label="Loading the failure clusters" />}>
            <ClustersSection clusters={clusters} projectKey={projectKey} canMakeRule={allowed(ctx, "failure-rule:write")} />
          </Suspense>
        </section>
      )}
      <section className="mt-10 break-inside-avoid" aria-labelledby="coverage-heading">
        <SectionTitle
          id="coverage-heading"
          aside={
            <span className="flex items-center gap-3">
              <span className="text-xs text-slate-600">Requirements in scope × environment; open a cell for its entries</span>
              {scope && <ScopeDialog projectKey={projectKey} milestoneId={milestone.id} keys={scope.keys} />}
            </span>
          }
        >
          Coverage
        </SectionTitle>
        <CoverageSection coverage={coverage} projectKey={projectKey} />
      </section>

      <div className="mt-10 grid gap-8 lg:grid-cols-3 print:block">
        <section className="lg:col-span-2" aria-labelledby="runs-heading">
          <SectionTitle id="runs-heading">Runs by environment</SectionTitle>
          <RunsByEnvironment runs={runs.runs} environments={summary.environments} projectKey={projectKey} milestoneId={milestone.id} environmentName={envFilter?.name} />
          {runs.total > runs.runs.length && (
            <p className="mt-2 text-xs text-slate-600">
              Showing the {runs.runs.length} newest of {runs.total} runs;{" "}
              <Link href={`/projects/${projectKey}/runs?milestone=${milestone.id}`} className="text-indigo-600 hover:underline">see them all</Link>.
            </p>
          )}
        </section>
        <section aria-labelledby="chart-heading" className="break-inside-avoid print:mt-8">
          <SectionTitle id="chart-heading">Results by status</SectionTitle>
          <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm print:shadow-none">
            <StatusChart counts={summary.counts} />
            <p className="mt-2 text-xs text-slate-600">
              {countOf(summary.counts.total, "entry", "entries")}{summary.counts.flaky > 0 ? ` · ${summary.counts.flaky} flaky` : ""}
            </p>
          </div>
        </section>
      </div>

      <MilestoneSessions
        projectKey={projectKey}
        milestone={{ id: milestone.id, name: milestone.name }}
        numbers={summary.exploratory}
        runs={runs.runs}
        environments={environments.data}
        canCreate={active && allowed(ctx, "run:write")}
      />

      <section className="mt-10 break-inside-avoid" aria-labelledby="burnup-heading">
        <SectionTitle id="burnup-heading" aside={<span className="text-xs text-slate-600">Entries executed against entries planned, by day (UTC)</span>}>
          Burn-up
        </SectionTitle>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm print:shadow-none">
          {/* Streams in after the verdict: it reads every entry of the milestone, the rest reads counters. */}
          <Suspense fallback={<div className="h-64 animate-pulse rounded-md bg-slate-100" role="status" aria-label="Loading the burn-up chart" />}>
            <BurnUpSection burnUp={burnUp} />
          </Suspense>
        </div>
      </section>

      {summary.children.length > 0 && (
        <section className="mt-10" aria-labelledby="children-heading">
          <SectionTitle id="children-heading">Phases</SectionTitle>
          <ul className="grid gap-3 md:grid-cols-3">
            {summary.children.map((c) => (
              <li key={c.milestone.id}>
                <Link
                  href={`/projects/${projectKey}/milestones/${c.milestone.id}`}
                  className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300"
                >
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium text-slate-900">
                      {c.milestone.name}
                      {c.milestone.status !== "ACTIVE" && <span className="ml-2 align-middle"><Badge value={c.milestone.status} /></span>}
                    </span>
                    <span className={`rounded-full px-2 py-0.5 text-xs font-bold ${c.verdict === "GO" ? "bg-emerald-100 text-emerald-800" : "bg-rose-100 text-rose-800"}`}>
                      {c.verdict === "GO" ? "GO" : "NO GO"}
                    </span>
                  </div>
                  <p className="mt-1 text-xs text-slate-600">
                    {c.passRate === null
                      ? `Nothing executed · ${c.runs.total - c.runs.aborted} run${c.runs.total - c.runs.aborted === 1 ? "" : "s"}`
                      : `${c.passRate.toFixed(1)}% pass · ${c.progress.toFixed(0)}% done · ${c.openFailures} open failure${c.openFailures === 1 ? "" : "s"}`}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="mt-10 grid gap-8 lg:grid-cols-3 print:block">
        <section className="lg:col-span-2 break-inside-avoid" aria-labelledby="signoffs-heading">
          <SectionTitle id="signoffs-heading">Sign-offs</SectionTitle>
          <Signoffs signoffs={summary.signoffs} />
        </section>
        <section aria-labelledby="share-heading" className="print:hidden">
          <SectionTitle id="share-heading">Share</SectionTitle>
          <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <ShareBox url={shareUrl} badgeMarkdown={badgeMarkdown} />
            <p className="mt-3 text-xs text-slate-600">Printing this page gives a one-page report: controls are hidden.</p>
          </div>
        </section>
      </div>
    </AppShell>
  );
}

async function ClustersSection({ clusters, ...rest }: { clusters: Promise<FailureClusterList>; projectKey: string; canMakeRule: boolean }) {
  return <FailureClusters clusters={await clusters} {...rest} />;
}

async function BurnUpSection({ burnUp: pending }: { burnUp: Promise<BurnUp> }) {
  const burnUp = await pending;
  if (burnUp.points.length === 0) {
    return <p className="py-10 text-center text-sm text-slate-600">No entries planned yet: the chart starts with the first run.</p>;
  }
  return (
    <>
      <BurnUpChart burnUp={burnUp} />
      {burnUp.stepDays > 1 && <p className="mt-1 text-xs text-slate-600">One point every {burnUp.stepDays} days.</p>}
    </>
  );
}
