import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { MyWorkList } from "@/components/my-work/my-work-list";
import { EmptyState } from "@/components/ui/empty-state";
import { pageContext } from "@/lib/auth/page-context";
import { myWork } from "@/lib/entries/my-work";

export const metadata: Metadata = { title: "My work" };

export default async function MyWorkPage() {
  const ctx = await pageContext();
  const work = await myWork({ ctx });
  const runs = work.data.flatMap((g) => g.runs);
  const open = runs.reduce((n, r) => n + r.open, 0);
  const now = Date.now();
  const overdue = work.data.filter((g) => g.milestone.dueDate && Date.parse(g.milestone.dueDate) < now).length;

  return (
    <AppShell actor={ctx.actor}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">My work</h1>
          <p className="mt-1 text-sm text-slate-600">Test cases assigned to you in runs that are still open, across all your projects, soonest due first.</p>
        </div>
        {runs.length > 0 && (
          <dl className="flex gap-3 text-center" data-testid="my-work-summary">
            <div className="rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
              <dt className="text-xs text-slate-600">To do</dt>
              <dd className="text-xl font-semibold tabular-nums text-slate-900">{open}</dd>
            </div>
            <div className="rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
              <dt className="text-xs text-slate-600">Runs</dt>
              <dd className="text-xl font-semibold tabular-nums text-slate-900">{runs.length}</dd>
            </div>
            <div className={`rounded-lg border px-4 py-2 shadow-sm ${overdue ? "border-rose-200 bg-rose-50" : "border-slate-200 bg-white"}`}>
              <dt className={`text-xs ${overdue ? "text-rose-700" : "text-slate-600"}`}>Overdue milestones</dt>
              <dd className={`text-xl font-semibold tabular-nums ${overdue ? "text-rose-700" : "text-slate-900"}`}>{overdue}</dd>
            </div>
          </dl>
        )}
      </div>
      <div className="mt-8">
        {work.data.length === 0 ? (
          <EmptyState title="Nothing assigned to you right now">
            When someone assigns you cases in a planned or running test run, they show up here. Browse{" "}
            <Link href="/projects" className="text-indigo-600 hover:underline">your projects</Link> to plan a run yourself.
          </EmptyState>
        ) : (
          <MyWorkList work={work} now={now} />
        )}
      </div>
    </AppShell>
  );
}
