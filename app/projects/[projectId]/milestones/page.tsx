import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { ArchiveButton } from "@/components/milestones/archive-button";
import { PercentBar, RiskBadge, VerdictBadge } from "@/components/milestones/badges";
import { MilestoneDialog } from "@/components/milestones/milestone-dialog";
import { ProjectHeader } from "@/components/projects/project-header";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { dueIn, formatDate } from "@/components/ui/format";
import { DataTable, TableHead, cell } from "@/components/ui/table";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { ValidationError } from "@/lib/errors";
import { milestoneNames, milestoneOverviews, nestMilestones } from "@/lib/milestones/overview";
import { listMilestones } from "@/lib/milestones/queries";
import type { MilestoneStatus } from "@/lib/milestones/schemas";
import { getProject } from "@/lib/projects/queries";

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<{ status?: string; cursor?: string }> };

export const metadata: Metadata = { title: "Milestones" };

/** Milestones per page; each row carries its summary (verdict, risk, progress). */
const PAGE_SIZE = 25;

const TABS: { key: string; label: string; status?: MilestoneStatus[] }[] = [
  { key: "active", label: "Active", status: ["ACTIVE"] },
  { key: "completed", label: "Completed", status: ["COMPLETED"] },
  { key: "archived", label: "Archived", status: ["ARCHIVED"] },
  { key: "all", label: "All" },
];

export default async function MilestonesPage({ params, searchParams }: Props) {
  const ctx = await projectPageContext((await params).projectId);
  const { status: tabKey, cursor } = await searchParams;
  const tab = TABS.find((t) => t.key === tabKey) ?? TABS[0];
  const canManage = allowed(ctx, "milestone:write");
  const [project, page, releases] = await Promise.all([
    getProject(ctx),
    // A stale or forged cursor starts again at the first page.
    listMilestones(ctx, { status: tab.status }, { limit: PAGE_SIZE, cursor }).catch((err) => {
      if (err instanceof ValidationError) return listMilestones(ctx, { status: tab.status }, { limit: PAGE_SIZE });
      throw err;
    }),
    canManage ? listMilestones(ctx, { status: ["ACTIVE"] }, { limit: 200 }) : null,
  ]);
  const overviews = await milestoneOverviews(ctx, page.data);
  const byId = new Map(overviews.map((o) => [o.milestone.id, o]));
  const rows = nestMilestones(page.data);
  const strayParents = await milestoneNames(
    ctx,
    rows.filter((r) => r.depth === 0 && r.item.parentId).map((r) => r.item.parentId!),
  );
  const base = `/projects/${project.key}`;
  const parents = (releases?.data ?? []).map((m) => ({ id: m.id, name: m.name }));
  const tabHref = (key: string) => `${base}/milestones${key === "active" ? "" : `?status=${key}`}`;

  return (
    <AppShell actor={ctx.actor}>
      <ProjectHeader project={project} current="milestones" />

      <div className="mt-6 flex flex-wrap items-center justify-between gap-3">
        <nav className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm" aria-label="Milestone status">
          {TABS.map((t) => (
            <Link
              key={t.key}
              href={tabHref(t.key)}
              aria-current={t.key === tab.key ? "page" : undefined}
              className={`rounded-md px-3 py-1 ${t.key === tab.key ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
            >
              {t.label}
            </Link>
          ))}
        </nav>
        {canManage && <MilestoneDialog projectKey={project.key} parents={parents} />}
      </div>

      <div className="mt-4">
        {rows.length === 0 ? (
          <EmptyState title={`No ${tab.key === "all" ? "" : `${tab.label.toLowerCase()} `}milestones`}>
            {canManage ? "Create a release, sprint or hotfix with “New milestone”." : "A project admin creates milestones; runs then belong to one."}
          </EmptyState>
        ) : (
          <DataTable testId="milestones">
            <TableHead>
              <th className={cell()}>Milestone</th>
              <th className={cell()}>Due</th>
              <th className={cell()}>Schedule</th>
              <th className={cell()}>Progress</th>
              <th className={cell()}>Pass rate</th>
              <th className={cell()}>Verdict</th>
              <th className={cell()}>Runs</th>
              {canManage && <th className={cell()}><span className="sr-only">Actions</span></th>}
            </TableHead>
            <tbody className="divide-y divide-slate-100">
              {rows.map(({ item: m, depth }) => {
                const s = byId.get(m.id)!.summary;
                const late = m.status === "ACTIVE" && m.dueDate && Date.parse(m.dueDate) < Date.now();
                const open = m.runCounts.inProgress + m.runCounts.planned;
                return (
                  <tr key={m.id} className={depth ? "bg-slate-50/60" : undefined} data-testid={`milestone-${m.id}`}>
                    <td className="px-4 py-3">
                      <div className="flex items-start gap-2" style={{ paddingLeft: `${depth * 1.25}rem` }}>
                        {depth > 0 && <span aria-hidden className="mt-0.5 text-slate-500">↳</span>}
                        <div className="min-w-0">
                          <div className="flex flex-wrap items-center gap-2">
                            <Link href={`${base}/milestones/${m.id}`} className="font-medium text-slate-900 hover:text-indigo-600 hover:underline">{m.name}</Link>
                            {m.status !== "ACTIVE" && <Badge value={m.status} />}
                            {m.completion?.overrides.length ? (
                              <span className="rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-medium text-amber-800" title={m.completion.overrides.map((o) => `${o.code}: ${o.reason}`).join("\n")}>
                                Completed with override
                              </span>
                            ) : null}
                          </div>
                          {depth === 0 && m.parentId && (
                            <div className="text-xs text-slate-600">Phase of {strayParents.get(m.parentId) ?? "another milestone"}</div>
                          )}
                          {m.description && <div className="line-clamp-1 max-w-md text-xs text-slate-600">{m.description}</div>}
                        </div>
                      </div>
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap">
                      <div>{formatDate(m.dueDate)}</div>
                      {m.status === "ACTIVE" && <div className={`text-xs ${late ? "font-medium text-rose-600" : "text-slate-600"}`}>{dueIn(m.dueDate)}</div>}
                    </td>
                    <td className="px-4 py-3">{m.status === "ACTIVE" ? <RiskBadge risk={s.risk} prefix={false} /> : <span className="text-xs text-slate-500">—</span>}</td>
                    <td className="w-36 px-4 py-3"><PercentBar label="Done" value={s.counts.total ? s.progress : null} /></td>
                    <td className="w-36 px-4 py-3">
                      <PercentBar
                        label="Pass"
                        value={s.passRate}
                        target={s.passRateThreshold}
                        tone={s.passRate === null ? "indigo" : s.passRate >= s.passRateThreshold ? "emerald" : "rose"}
                      />
                    </td>
                    <td className="px-4 py-3"><VerdictBadge verdict={s.verdict} /></td>
                    <td className="px-4 py-3 text-xs whitespace-nowrap text-slate-600">
                      {m.runCounts.total === 0 ? "No runs yet" : `${m.runCounts.completed}/${m.runCounts.total} completed`}
                      {open > 0 && <div className="text-slate-600">{open} still open</div>}
                    </td>
                    {canManage && (
                      <td className="px-4 py-3 text-right whitespace-nowrap">
                        <MilestoneDialog projectKey={project.key} milestone={m} parents={parents} />
                        {m.status === "ACTIVE" && depth === 0 && !m.parentId && (
                          <MilestoneDialog projectKey={project.key} parents={parents} defaultParentId={m.id} label="Add phase" />
                        )}
                        <ArchiveButton projectKey={project.key} milestone={m} />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </DataTable>
        )}
        <div className="mt-3 flex items-center justify-between text-sm">
          <span className="text-xs text-slate-600">
            Numbers include each milestone&apos;s phases. Completing runs the release checklist on the milestone&apos;s page.
          </span>
          <span className="flex gap-3">
            {cursor && <Link href={tabHref(tab.key)} className="text-indigo-600 hover:underline">First page</Link>}
            {page.nextCursor && (
              <Link href={`${tabHref(tab.key)}${tab.key === "active" ? "?" : "&"}cursor=${page.nextCursor}`} className="text-indigo-600 hover:underline">
                Next page →
              </Link>
            )}
          </span>
        </div>
      </div>
    </AppShell>
  );
}
