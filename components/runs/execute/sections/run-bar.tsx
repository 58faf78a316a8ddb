"use client";

import Link from "next/link";
import { STATUS_TONES, StatusChip } from "@/components/ui/chips";
import { Kbd } from "@/components/ui/kbd";
import { StatusBar } from "@/components/ui/status-bar";
import { useExecute } from "../execute-provider";

/** Where the entry sits: breadcrumb, position, previous/next, the entry strip, and a colleague's save. */
export function RunBar() {
  const { data, runHref, hrefOf, prevHref, nextHref, setHelp, seenAttempts, save } = useExecute();
  const { projectKey, run, entries, index } = data;
  const done = run.counts.total - run.counts.untested;
  const saved = save.savedResultId();
  const fresh = data.attempts.filter((a) => !seenAttempts.has(a.id) && a.id !== saved);
  const last = fresh[fresh.length - 1];
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav className="min-w-0 text-sm text-slate-600" aria-label="Breadcrumb">
          <Link href={`/projects/${projectKey}`} className="hover:text-slate-900">{data.projectName}</Link>
          <span className="mx-2">/</span>
          <Link href={`/projects/${projectKey}/milestones/${run.milestone.id}`} className="hover:text-slate-900">{run.milestone.name}</Link>
          <span className="mx-2">/</span>
          <Link href={runHref} className="font-medium text-slate-800 hover:text-slate-900">{run.name}</Link>
          <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{run.environment}</span>
        </nav>
        <div className="flex items-center gap-2 text-sm">
          <span className="tabular-nums text-slate-600" data-testid="entry-position">
            {index + 1} <span className="text-slate-600">of</span> {entries.length}
          </span>
          <div className="flex overflow-hidden rounded-md ring-1 ring-slate-200">
            {prevHref ? (
              <Link href={prevHref} className="bg-white px-2.5 py-1 text-slate-700 hover:bg-slate-50" aria-label="Previous entry (K)">←</Link>
            ) : (
              <span className="bg-slate-50 px-2.5 py-1 text-slate-500" aria-hidden>←</span>
            )}
            {nextHref ? (
              <Link href={nextHref} className="border-l border-slate-200 bg-white px-2.5 py-1 text-slate-700 hover:bg-slate-50" aria-label="Next entry (J)">→</Link>
            ) : (
              <span className="border-l border-slate-200 bg-slate-50 px-2.5 py-1 text-slate-500" aria-hidden>→</span>
            )}
          </div>
          <button
            type="button"
            onClick={() => setHelp(true)}
            className="inline-flex items-center gap-1.5 rounded-md bg-white px-2.5 py-1 text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"
          >
            Shortcuts <Kbd>?</Kbd>
          </button>
        </div>
      </div>

      {/* Position in the run: one tick per entry */}
      <div className="mt-3 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
        <div className="flex items-center justify-between text-xs text-slate-600">
          <span>
            <span className="font-medium text-slate-800">{done}</span> of {run.counts.total} executed
          </span>
          <span className="hidden sm:inline">{entries.length <= 120 ? "Jump to any entry" : ""}</span>
        </div>
        <div className="mt-2">
          <StatusBar counts={run.counts} />
        </div>
        {entries.length <= 120 && (
          <ol className="mt-2.5 flex flex-wrap gap-1" aria-label="Entries of the run">
            {entries.map((e, i) => (
              <li key={e.id}>
                <Link
                  href={hrefOf(i)!}
                  title={`${e.caseKey} · ${e.title}`}
                  aria-current={i === index ? "step" : undefined}
                  className={`block h-2.5 w-5 rounded-sm ${STATUS_TONES[e.status]?.dot ?? "bg-slate-200"} ${
                    i === index ? "ring-2 ring-indigo-500 ring-offset-1" : "hover:opacity-70"
                  }`}
                >
                  <span className="sr-only">{e.caseKey}</span>
                </Link>
              </li>
            ))}
          </ol>
        )}
      </div>

      {last && (
        <p role="status" className="mt-4 flex items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="concurrent-attempt">
          <span className="h-2 w-2 rounded-full bg-amber-500" aria-hidden />
          {last.by ?? "Someone"} recorded this entry as <StatusChip status={last.status} /> while you had it open. Your save adds another attempt; the latest one sets the status.
        </p>
      )}
    </>
  );
}
