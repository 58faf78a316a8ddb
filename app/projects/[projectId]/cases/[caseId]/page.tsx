import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/app/_shell/app-shell";
import { CaseActions } from "@/components/cases/case-actions";
import { CaseEditor } from "@/components/cases/case-editor";
import { ForgetParams } from "@/components/cases/forget-params";
import { AutomationChip, TagList } from "@/components/cases/case-table";
import { VersionHistory } from "@/components/cases/version-history";
import { PriorityChip, StatusChip } from "@/components/ui/chips";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { TableHead, cell } from "@/components/ui/table";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { getCase, listCaseTags, listCaseVersions } from "@/lib/cases/queries";
import { NotFoundError } from "@/lib/errors";
import { caseHistory } from "@/lib/results/queries";
import { listSuites } from "@/lib/suites/queries";

type Props = { params: Promise<{ projectId: string; caseId: string }>; searchParams: Promise<{ created?: string; duplicated?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).caseId) };
}

function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

export default async function CasePage({ params, searchParams }: Props) {
  const { projectId, caseId } = await params;
  const ctx = await projectPageContext(projectId);
  const search = await searchParams;
  let testCase;
  try {
    testCase = await getCase(ctx, decodeURIComponent(caseId));
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const [suites, versions, history, tags] = await Promise.all([
    listSuites(ctx),
    listCaseVersions(ctx, testCase.id, { limit: 100 }),
    caseHistory(ctx, testCase.id, 20),
    listCaseTags(ctx),
  ]);
  const key = ctx.project.key;
  const canWrite = allowed(ctx, "case:write");
  const suite = suites.data.find((s) => s.id === testCase.suite?.id);
  const suiteNodes = suites.data.map((s) => ({ id: s.id, name: s.name, parentId: s.parentId, depth: s.depth, path: s.path, caseCount: s.caseCount }));

  return (
    <AppShell actor={ctx.actor}>
      <nav className="text-sm text-slate-600" aria-label="Breadcrumb">
        <Link href={`/projects/${key}`} className="hover:text-slate-800">{ctx.project.name}</Link>
        <span className="mx-2">/</span>
        <Link href={`/projects/${key}/cases`} className="hover:text-slate-800">Cases</Link>
        {suite && (
          <>
            <span className="mx-2">/</span>
            <Link href={`/projects/${key}/cases?suite=${suite.id}`} className="hover:text-slate-800">{suite.path.join(" / ")}</Link>
          </>
        )}
        <span className="mx-2">/</span>
        <span className="text-slate-700">{testCase.key}</span>
      </nav>

      <header className="mt-3 flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-5">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <span className="rounded bg-slate-100 px-2 py-0.5 font-mono text-sm text-slate-600">{testCase.key}</span>
            <h1 className="text-2xl font-bold tracking-tight text-slate-900" data-testid="case-title">{testCase.title}</h1>
          </div>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <PriorityChip priority={testCase.priority} />
            <AutomationChip status={testCase.automationStatus} automationKey={testCase.automationKey} />
            <TagList tags={testCase.tags} />
            <span>Version {testCase.version}</span>
            <span className="text-slate-500">·</span>
            <span>Updated {formatDateTime(testCase.updatedAt)}</span>
            {testCase.archived && <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">Archived</span>}
          </div>
        </div>
        {canWrite && <CaseActions projectKey={key} testCase={testCase} />}
      </header>

      {(search.created || search.duplicated) && <ForgetParams names={["created", "duplicated"]} />}
      {search.created && (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
          Created {testCase.key}. <Link href={`/projects/${key}/cases/new${suite ? `?suite=${suite.id}` : ""}`} className="font-medium underline">Create another</Link>
        </p>
      )}
      {search.duplicated && (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
          This is a copy of {search.duplicated}. Edit it below.
        </p>
      )}
      {testCase.archived && (
        <p className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
          This case is archived: it is not listed in the library and cannot be planned into new runs. Restore it to use it again.
        </p>
      )}

      <div className="mt-6">
        <CaseEditor projectKey={key} testCase={testCase} suites={suiteNodes} canWrite={canWrite} tagSuggestions={tags.map((t) => t.tag)} />
      </div>

      <section className="mt-10" aria-labelledby="results-heading">
        <h2 id="results-heading" className="text-lg font-semibold text-slate-900">Recent results</h2>
        <div className="mt-3">
          {history.data.length === 0 ? (
            <EmptyState title="Not executed yet">Results appear here once the case is run, manually or by CI.</EmptyState>
          ) : (
            <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
              <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="case-results">
                <TableHead>
                  <th className={cell()}>Status</th>
                  <th className={cell()}>Run</th>
                  <th className={cell()}>Milestone</th>
                  <th className={cell()}>Environment</th>
                  <th className={cell()}>By</th>
                  <th className={cell()}>When</th>
                  <th className={cell("text-right")}>Duration</th>
                </TableHead>
                <tbody className="divide-y divide-slate-100">
                  {history.data.map((h) => (
                    <tr key={h.resultId}>
                      <td className="px-4 py-2.5">
                        <StatusChip status={h.status} />
                        {h.attempt > 0 && <span className="ml-2 text-xs text-slate-500">attempt {h.attempt + 1}</span>}
                      </td>
                      <td className="px-4 py-2.5">
                        <Link href={`/projects/${key}/runs/${h.run.id}`} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">{h.run.name}</Link>
                        {h.error?.message && <div className="line-clamp-1 max-w-xs text-xs text-rose-700">{h.error.message}</div>}
                      </td>
                      <td className="px-4 py-2.5 text-slate-700">
                        <Link href={`/projects/${key}/milestones/${h.milestone.id}`} className="hover:underline">{h.milestone.name}</Link>
                      </td>
                      <td className="px-4 py-2.5 text-slate-700">{h.environment.name}</td>
                      <td className="px-4 py-2.5 text-slate-600">{h.executedBy?.name || h.executedBy?.email || "—"}</td>
                      <td className="px-4 py-2.5 whitespace-nowrap text-slate-600">{formatDateTime(h.executedAt)}</td>
                      <td className="px-4 py-2.5 text-right tabular-nums text-slate-600">{formatDuration(h.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>

      <section className="mt-10 mb-6" aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="text-lg font-semibold text-slate-900">Version history</h2>
        <p className="text-sm text-slate-600">Runs execute the version that was current when the case was planned into them.</p>
        <div className="mt-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <VersionHistory versions={versions.data} current={testCase.version} />
        </div>
      </section>
    </AppShell>
  );
}
