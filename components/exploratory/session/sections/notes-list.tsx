"use client";

import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { KIND_STYLES, formatClock } from "../../parts";
import { type Filter, useSession } from "../session-provider";

const FILTERS: Filter[] = ["ALL", "BUG", "QUESTION", "IDEA", "NOTE"];

/** Notes and findings in the order they were written, each stamped with its time into the session. */
export function NotesList() {
  const { session, canWrite, writable, notes, shown, counts, filter, setFilter, removeNote } = useSession();
  return (
    <section aria-labelledby="notes-heading">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="notes-heading" className="text-lg font-semibold text-slate-900">Notes and findings</h2>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Filter notes" data-testid="note-filters">
          {FILTERS.map((f) => {
            const on = filter === f;
            return (
              <button
                key={f}
                type="button"
                onClick={() => setFilter(f)}
                aria-pressed={on}
                className={`rounded-full px-2.5 py-1 text-xs ring-1 ring-inset ${on ? "bg-slate-900 font-medium text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-200 hover:ring-slate-300"}`}
              >
                {f === "ALL" ? "All" : KIND_STYLES[f].plural} <span className="tabular-nums">{f === "ALL" ? notes.length : counts[f]}</span>
              </button>
            );
          })}
        </div>
      </div>
      <div className="mt-3">
        {shown.length === 0 ? (
          <EmptyState title={notes.length ? "Nothing of this kind yet" : session.status === "PLANNED" ? "The session has not started" : "No notes yet"}>
            {session.status === "PLANNED"
              ? canWrite
                ? "Start the session (S) to run the timer and take notes."
                : "A tester starts it when the exploring begins."
              : notes.length
                ? "Pick another filter."
                : writable
                  ? "Type what you try and see; Ctrl + Enter adds it with its time into the session."
                  : "Nothing was written down in this session."}
          </EmptyState>
        ) : (
          <ol className="space-y-2" data-testid="notes">
            {shown.map((n) => (
              <li key={n.id} className="group flex gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid="note" data-kind={n.kind}>
                <div className="w-14 shrink-0 pt-0.5 text-right font-mono text-xs text-slate-600 tabular-nums" title={formatDateTime(n.createdAt)}>
                  {n.offsetMs === null ? "—" : `+${formatClock(n.offsetMs)}`}
                </div>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${KIND_STYLES[n.kind].chip}`}>{KIND_STYLES[n.kind].label}</span>
                    {n.defect &&
                      (n.defect.url ? (
                        <a href={n.defect.url} target="_blank" rel="noreferrer" className="font-mono text-xs font-medium text-indigo-700 hover:underline">
                          {n.defect.key}
                        </a>
                      ) : (
                        <span className="font-mono text-xs text-slate-700">{n.defect.key}</span>
                      ))}
                    <span className="ml-auto text-xs text-slate-600">{n.createdBy?.name ?? "A deleted user"}</span>
                    {writable && (
                      <button
                        type="button"
                        onClick={() => removeNote(n)}
                        className="rounded px-1 text-xs text-slate-600 opacity-0 group-hover:opacity-100 hover:text-rose-700 focus:opacity-100"
                        aria-label="Delete note"
                      >
                        ✕
                      </button>
                    )}
                  </div>
                  <Markdown source={n.body} className="mt-1 text-sm break-words text-slate-800" />
                  {n.attachments.length > 0 && (
                    <ul className="mt-2 flex flex-wrap gap-2">
                      {n.attachments.map((a) => (
                        <li key={a.id}>
                          <a href={a.url} target="_blank" rel="noreferrer" className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1 text-xs text-slate-700 hover:border-indigo-300">
                            {a.contentType.startsWith("image/") && <img src={a.url} alt="" className="h-10 w-16 rounded object-cover" />}
                            <span className="max-w-40 truncate">{a.filename}</span>
                          </a>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
