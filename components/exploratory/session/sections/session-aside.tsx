"use client";

import { Kbd } from "@/components/ui/kbd";
import { Markdown } from "@/components/ui/markdown";
import { FindingsSummary, formatClock } from "../../parts";
import { useSession } from "../session-provider";

/** The time box, the charter, the findings so far and the keys. */
export function SessionAside() {
  const { session, running, canWrite, writable, counts, clock } = useSession();
  const { started, ended, elapsed, boxMs, over } = clock;
  const pct = Math.min(100, (elapsed / boxMs) * 100);
  return (
    <aside className="min-w-0 space-y-6 lg:col-span-5">
      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-label="Timer" data-testid="session-timer">
        <div className="flex items-baseline justify-between">
          <span className="text-sm font-medium text-slate-800">Time box</span>
          <span className="text-xs text-slate-600">{session.timeBoxMinutes ?? 60} min</span>
        </div>
        <div className="mt-2 flex items-baseline gap-2">
          <span className={`font-mono text-4xl font-bold tabular-nums ${over ? "text-rose-700" : "text-slate-900"}`} data-testid="timer-elapsed">
            {formatClock(elapsed)}
          </span>
          <span className="font-mono text-sm text-slate-600 tabular-nums">/ {formatClock(boxMs)}</span>
          {running && <span className="ml-1 h-2 w-2 animate-pulse rounded-full bg-emerald-500" aria-hidden />}
        </div>
        <div className="mt-3 h-2 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-label="Time used">
          <div className={`h-full rounded-full ${over ? "bg-rose-500" : pct > 80 ? "bg-amber-500" : "bg-indigo-500"}`} style={{ width: `${pct}%` }} />
        </div>
        <p className={`mt-2 text-xs ${over ? "font-semibold text-rose-700" : "text-slate-600"}`} data-testid="timer-status">
          {started === null
            ? "Starts when the session starts."
            : over
              ? `Over time by ${formatClock(elapsed - boxMs)}${ended ? "" : ": wrap up and give a verdict"}`
              : ended
                ? `Finished with ${formatClock(boxMs - elapsed)} to spare`
                : `${formatClock(boxMs - elapsed)} left`}
        </p>
      </section>

      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="charter-heading">
        <h2 id="charter-heading" className="text-sm font-medium text-slate-800">Charter</h2>
        {session.charter?.trim() ? (
          <Markdown source={session.charter} className="mt-2 text-sm break-words text-slate-700" />
        ) : (
          <p className="mt-2 text-sm text-slate-600">No charter was written for this session.</p>
        )}
      </section>

      <FindingsSummary counts={counts} />

      {(writable || session.status === "PLANNED") && canWrite && (
        <section className="rounded-xl border border-dashed border-slate-300 p-4 text-xs text-slate-600" aria-label="Keyboard shortcuts">
          <div className="mb-2 font-medium text-slate-700">Keyboard</div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
            {session.status === "PLANNED" && (
              <>
                <dt><Kbd>S</Kbd></dt>
                <dd>Start the session and its timer</dd>
              </>
            )}
            <dt><Kbd>N</Kbd> <Kbd>/</Kbd></dt>
            <dd>Write a note</dd>
            <dt><Kbd>1</Kbd>–<Kbd>4</Kbd></dt>
            <dd>Note, bug, question, idea (Alt + digit while typing)</dd>
            <dt><Kbd>Ctrl ↵</Kbd></dt>
            <dd>Add the note</dd>
            <dt><Kbd>F</Kbd></dt>
            <dd>Finish with a verdict</dd>
          </dl>
        </section>
      )}
    </aside>
  );
}
