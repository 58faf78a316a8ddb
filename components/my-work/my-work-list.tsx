import Link from "next/link";
import { PriorityChip, StatusChip } from "@/components/ui/chips";
import { Badge } from "@/components/ui/badge";
import { dueIn, formatDate } from "@/components/ui/format";
import type { MyWork } from "@/lib/entries/schemas";

type Group = MyWork["data"][number];
type Bucket = { key: string; title: string; tone: string; groups: Group[] };

const DAY = 24 * 60 * 60 * 1000;
const SOON_DAYS = 7;
const OPEN = new Set(["UNTESTED", "RETEST"]);

/** Milestones into "Overdue", "Due within a week", "Later" and "No due date", keeping their order (soonest first). */
export function bucketsOf(groups: Group[], now = Date.now()): Bucket[] {
  const buckets: Bucket[] = [
    { key: "overdue", title: "Overdue", tone: "text-rose-700", groups: [] },
    { key: "soon", title: `Due within ${SOON_DAYS} days`, tone: "text-amber-700", groups: [] },
    { key: "later", title: "Later", tone: "text-slate-700", groups: [] },
    { key: "none", title: "No due date", tone: "text-slate-600", groups: [] },
  ];
  for (const g of groups) {
    const due = g.milestone.dueDate ? Date.parse(g.milestone.dueDate) : null;
    const bucket = due === null ? 3 : due < now ? 0 : due - now <= SOON_DAYS * DAY ? 1 : 2;
    buckets[bucket].groups.push(g);
  }
  return buckets.filter((b) => b.groups.length);
}

/** "My work": my entries in open runs, by due date then milestone, each linking to its execution view. */
export function MyWorkList({ work, now = Date.now() }: { work: MyWork; now?: number }) {
  return (
    <div className="space-y-10">
      {bucketsOf(work.data, now).map((bucket) => (
        <section key={bucket.key} aria-labelledby={`bucket-${bucket.key}`} data-testid={`bucket-${bucket.key}`}>
          <h2 id={`bucket-${bucket.key}`} className={`text-xs font-semibold tracking-wide uppercase ${bucket.tone}`}>
            {bucket.title}
          </h2>
          <div className="mt-3 space-y-4">
            {bucket.groups.map((g) => (
              <MilestoneCard key={g.milestone.id} group={g} overdue={bucket.key === "overdue"} now={now} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

function MilestoneCard({ group, overdue, now }: { group: Group; overdue: boolean; now: number }) {
  const { milestone, project } = group;
  const open = group.runs.reduce((n, r) => n + r.open, 0);
  const assigned = group.runs.reduce((n, r) => n + r.assigned, 0);
  return (
    <article
      className={`overflow-hidden rounded-lg border bg-white shadow-sm ${overdue ? "border-rose-300 ring-1 ring-rose-200" : "border-slate-200"}`}
      data-testid="my-work-milestone"
      aria-label={`${project.key} ${milestone.name}`}
    >
      <header className={`flex flex-wrap items-center justify-between gap-3 border-b px-4 py-3 ${overdue ? "border-rose-200 bg-rose-50/70" : "border-slate-100 bg-slate-50/60"}`}>
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <span className="rounded bg-white px-1.5 py-0.5 font-mono text-xs text-slate-600 ring-1 ring-slate-200">{project.key}</span>
          <Link href={`/projects/${project.key}/milestones/${milestone.id}`} className="font-semibold text-slate-900 hover:text-indigo-700 hover:underline">
            {milestone.name}
          </Link>
          <Badge value={milestone.status} />
        </div>
        <div className="text-right text-sm">
          <span className={overdue ? "font-semibold text-rose-700" : "text-slate-600"} data-testid="due">
            {milestone.dueDate ? `${formatDate(milestone.dueDate)} · ${dueIn(milestone.dueDate, now)}` : "No due date"}
          </span>
          <div className="text-xs text-slate-600">
            {open} of {assigned} still to do
          </div>
        </div>
      </header>
      <ul className="divide-y divide-slate-100">
        {group.runs.map((run) => {
          const base = `/projects/${run.project.key}/runs/${run.id}`;
          const next = run.entries.find((e) => OPEN.has(e.status));
          const done = run.assigned - run.open;
          return (
            <li key={run.id} className="px-4 py-3" data-testid="my-work-run">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="min-w-0">
                  <Link href={base} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">{run.name}</Link>
                  <span className="ml-2 text-xs text-slate-600">{run.environment.name}</span>
                  <span className="ml-2"><Badge value={run.status} /></span>
                </div>
                <div className="flex items-center gap-3">
                  <div className="w-40" aria-label={`${done} of ${run.assigned} done`} title={`${done} of ${run.assigned} done`}>
                    <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
                      <div className="h-full rounded-full bg-indigo-500" style={{ width: `${run.assigned ? (done / run.assigned) * 100 : 0}%` }} />
                    </div>
                    <div className="mt-0.5 text-[11px] text-slate-600 tabular-nums">
                      {done}/{run.assigned} done{run.open ? ` · ${run.open} open` : ""}
                    </div>
                  </div>
                  {next ? (
                    <Link
                      href={`${base}/execute/${next.id}`}
                      className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
                    >
                      {done === 0 ? "Start" : "Continue"}
                    </Link>
                  ) : (
                    <span className="rounded-md bg-emerald-50 px-3 py-1.5 text-sm font-medium text-emerald-700">All done</span>
                  )}
                </div>
              </div>
              <EntryLinks base={base} entries={run.entries.filter((e) => OPEN.has(e.status))} label={`My open entries in ${run.name}`} />
              {run.entries.some((e) => !OPEN.has(e.status)) && (
                <details className="mt-1 text-sm">
                  <summary className="cursor-pointer px-1.5 text-xs text-slate-600 hover:text-slate-700">
                    {run.entries.filter((e) => !OPEN.has(e.status)).length} done
                  </summary>
                  <EntryLinks base={base} entries={run.entries.filter((e) => !OPEN.has(e.status))} label={`My finished entries in ${run.name}`} />
                </details>
              )}
              {run.assigned > run.entries.length && (
                <p className="mt-1 text-xs text-slate-600">
                  Showing {run.entries.length} of {run.assigned}. <Link href={`${base}?assignee=me`} className="text-indigo-600 hover:underline">See all in the run</Link>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </article>
  );
}

function EntryLinks({ base, entries, label }: { base: string; entries: Group["runs"][number]["entries"]; label: string }) {
  if (!entries.length) return null;
  return (
    <ul className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2" aria-label={label}>
      {entries.map((e) => (
        <li key={e.id}>
          <Link
            href={`${base}/execute/${e.id}`}
            className={`flex items-center gap-2 rounded px-1.5 py-1 text-sm hover:bg-indigo-50 ${OPEN.has(e.status) ? "text-slate-800" : "text-slate-600"}`}
            data-testid="my-work-entry"
          >
            <span className="w-16 shrink-0 font-mono text-xs text-slate-600">{e.caseKey}</span>
            <PriorityChip priority={e.priority} />
            <span className="truncate">{e.title}</span>
            <span className="ml-auto shrink-0"><StatusChip status={e.status} /></span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
