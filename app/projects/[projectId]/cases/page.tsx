import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { CaseFilters } from "@/components/cases/case-filters";
import { CaseTable } from "@/components/cases/case-table";
import { CsvImport } from "@/components/cases/csv-import";
import { TestRailImport } from "@/components/cases/testrail-import";
import { LibraryShortcuts } from "@/components/cases/library-shortcuts";
import { ProjectHeader } from "@/components/projects/project-header";
import { NewRunDialog, type PlanFilter } from "@/components/runs/new-run-dialog";
import { SuiteTree } from "@/components/suites/suite-tree";
import { EmptyState } from "@/components/ui/empty-state";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { countCases, listCases, listCaseTags } from "@/lib/cases/queries";
import type { CaseFilter } from "@/lib/cases/schemas";
import { listEnvironments } from "@/lib/environments/queries";
import { listMilestones } from "@/lib/milestones/queries";
import { getProject } from "@/lib/projects/queries";
import { listSuites } from "@/lib/suites/queries";

type Search = { q?: string; suite?: string; priority?: string; tag?: string; automation?: string; archived?: string; cursor?: string };
type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Search> };

export const metadata: Metadata = { title: "Test cases" };

const PRIORITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
const AUTOMATION = ["MANUAL", "AUTOMATED", "TO_BE_AUTOMATED"] as const;
const PAGE_SIZE = 50;

export default async function CaseLibraryPage({ params, searchParams }: Props) {
  const ctx = await projectPageContext((await params).projectId);
  const search = await searchParams;
  const canWrite = allowed(ctx, "case:write");
  const canPlan = allowed(ctx, "run:write");
  const [project, suites, tags, totalActive] = await Promise.all([
    getProject(ctx),
    listSuites(ctx),
    listCaseTags(ctx),
    countCases(ctx, { archived: false, includeDescendants: false }),
  ]);
  const suite = suites.data.find((s) => s.id === search.suite) ?? null;
  const priority = (search.priority ?? "").split(",").filter((p): p is (typeof PRIORITIES)[number] => (PRIORITIES as readonly string[]).includes(p));
  const automation = (AUTOMATION as readonly string[]).includes(search.automation ?? "") ? (search.automation as (typeof AUTOMATION)[number]) : undefined;
  const tag = search.tag?.trim() || undefined;
  const q = search.q?.trim().slice(0, 200) || undefined;
  const archived = search.archived === "1";
  const filter: CaseFilter = {
    q,
    suiteId: suite?.id,
    includeDescendants: true,
    priority: priority.length ? priority : undefined,
    tag,
    automation,
    archived,
  };
  const cursor = search.cursor && search.cursor.length <= 500 ? search.cursor : undefined;
  const [page, matching, milestones, environments] = await Promise.all([
    listCases(ctx, { ...filter, limit: PAGE_SIZE, cursor }),
    countCases(ctx, filter),
    canPlan ? listMilestones(ctx, { status: ["ACTIVE"] }, { limit: 200 }) : null,
    canPlan ? listEnvironments(ctx, { limit: 200 }) : null,
  ]);

  const base = `/projects/${project.key}/cases`;
  const keep = new URLSearchParams();
  for (const [k, v] of Object.entries({ q, priority: priority.join(","), tag, automation, archived: archived ? "1" : undefined })) if (v) keep.set(k, v);
  const withSuite = new URLSearchParams(keep);
  if (suite) withSuite.set("suite", suite.id);
  const exportParams = new URLSearchParams();
  if (q) exportParams.set("q", q);
  if (suite) {
    exportParams.set("suiteId", suite.id);
    exportParams.set("includeDescendants", "true");
  }
  if (priority.length) exportParams.set("priority", priority.join(","));
  if (tag) exportParams.set("tag", tag);
  if (automation) exportParams.set("automation", automation);
  if (archived) exportParams.set("archived", "true");
  const exportHref = `/api/projects/${project.key}/test-cases/export.csv${exportParams.size ? `?${exportParams}` : ""}`;
  const nextHref = page.nextCursor ? `${base}?${new URLSearchParams({ ...Object.fromEntries(withSuite), cursor: page.nextCursor })}` : null;
  const firstHref = cursor ? `${base}${withSuite.size ? `?${withSuite}` : ""}` : null;
  const filtered = Boolean(q || priority.length || tag || automation);

  const planOptions =
    milestones && environments
      ? {
          milestones: milestones.data.map((m) => ({ id: m.id, name: m.name, dueDate: m.dueDate, parentId: m.parentId })),
          environments: environments.data.map((e) => ({ id: e.id, name: e.name })),
          tags: tags.map((t) => t.tag),
        }
      : null;
  const planFilter: PlanFilter = {
    ...(q ? { q } : {}),
    ...(suite ? { suiteIds: [suite.id] } : {}),
    ...(priority.length ? { priorities: priority } : {}),
    ...(tag ? { tags: [tag] } : {}),
    ...(automation ? { automation: [automation] } : {}),
  };
  const suiteNodes = suites.data.map((s) => ({ id: s.id, name: s.name, parentId: s.parentId, depth: s.depth, path: s.path, caseCount: s.caseCount }));
  const newCaseHref = `${base}/new${suite ? `?suite=${suite.id}` : ""}`;

  return (
    <AppShell actor={ctx.actor}>
      {canWrite && <LibraryShortcuts newCaseHref={newCaseHref} />}
      <ProjectHeader project={project} current="cases" />

      <div className="mt-6 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">
            {archived ? "Archived cases" : "Test case library"}
            {suite && <span className="font-normal text-slate-600"> · {suite.path.join(" / ")}</span>}
          </h2>
          <p className="text-sm text-slate-600" data-testid="case-count">
            {matching} {archived ? "archived " : ""}case{matching === 1 ? "" : "s"}
            {filtered || suite ? (matching === 1 ? " matches" : " match") : ""}
            {page.data.length < matching && ` · showing ${page.data.length} per page`}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {planOptions && !archived && (
            <NewRunDialog
              projectKey={project.key}
              milestones={planOptions.milestones}
              environments={planOptions.environments}
              initialFilter={planFilter}
              suites={suiteNodes}
              tags={planOptions.tags}
              label="Plan run from filter"
              variant="secondary"
            />
          )}
          <a
            href={exportHref}
            download
            className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
          >
            Export CSV
          </a>
          {canWrite && <CsvImport projectKey={project.key} />}
          {canWrite && <TestRailImport projectKey={project.key} />}
          {canWrite && (
            <Link
              href={newCaseHref}
              className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
            >
              New case
              <kbd className="rounded bg-indigo-500/60 px-1.5 font-mono text-[11px]">C</kbd>
            </Link>
          )}
        </div>
      </div>

      <div className="mt-4 grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
        <aside>
          <SuiteTree
            projectKey={project.key}
            suites={suiteNodes}
            selected={suite?.id ?? null}
            query={keep.toString()}
            totalCases={totalActive}
            canWrite={canWrite}
            canDelete={allowed(ctx, "suite:delete")}
          />
        </aside>
        <section aria-label="Test cases" className="min-w-0 space-y-3">
          <CaseFilters tags={tags} />
          {page.data.length === 0 ? (
            totalActive === 0 && !archived ? (
              <EmptyState title="No test cases yet">
                {canWrite ? (
                  <>
                    Create your first case with <strong>New case</strong>, or bring existing ones in with <strong>Import CSV</strong>.
                  </>
                ) : (
                  "Testers of this project can add cases here."
                )}
              </EmptyState>
            ) : (
              <EmptyState title={archived ? "No archived cases here" : "No cases match"}>
                {filtered || suite ? (
                  <Link href={archived ? `${base}?archived=1` : base} className="text-indigo-600 hover:underline">
                    Show all {archived ? "archived " : ""}cases
                  </Link>
                ) : (
                  "Archived cases stay here until they are restored."
                )}
              </EmptyState>
            )
          ) : (
            <CaseTable
              projectKey={project.key}
              cases={page.data}
              suites={suiteNodes}
              canWrite={canWrite}
              archivedView={archived}
              showSuite={!suite || suites.data.some((s) => s.parentId === suite.id)}
              plan={planOptions}
            />
          )}
          {(nextHref || firstHref) && (
            <div className="flex items-center justify-end gap-3 text-sm">
              {firstHref && <Link href={firstHref} className="text-indigo-600 hover:underline">← First page</Link>}
              {nextHref && <Link href={nextHref} className="rounded-md bg-white px-3 py-1.5 font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50">Next {PAGE_SIZE} →</Link>}
            </div>
          )}
        </section>
      </div>
    </AppShell>
  );
}
