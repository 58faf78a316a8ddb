"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { sendJson } from "@/components/ui/api-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import type { Note, NoteKind } from "@/lib/exploratory/schemas";
import { VERDICT_LABELS } from "@/lib/exploratory/schemas";
import type { TestRun } from "@/lib/runs/schemas";
import { FindingsSummary, KIND_STYLES, Kbd, formatClock } from "./parts";
import { VerdictDialog } from "./verdict-dialog";

const KINDS: NoteKind[] = ["NOTE", "BUG", "QUESTION", "IDEA"];
type Filter = "ALL" | NoteKind;
type Pending = { id: number; file: File; preview: string | null };

export type SessionViewProps = {
  projectKey: string;
  projectName: string;
  session: TestRun;
  notes: Note[];
  canWrite: boolean;
  serverNow: number;
};

const VERDICT_TONES: Record<string, string> = {
  PASSED: "border-emerald-200 bg-emerald-50 text-emerald-900",
  PASSED_WITH_ISSUES: "border-amber-200 bg-amber-50 text-amber-900",
  FAILED: "border-rose-200 bg-rose-50 text-rose-900",
  BLOCKED: "border-slate-300 bg-slate-100 text-slate-900",
};

/** An exploratory session, worked from the keyboard: a running timer, notes and findings, and the verdict. */
export function SessionView({ projectKey, projectName, session, notes: initialNotes, canWrite, serverNow }: SessionViewProps) {
  const router = useRouter();
  const api = `/api/projects/${projectKey}/test-runs/${session.id}`;
  const running = session.status === "IN_PROGRESS";
  const writable = canWrite && running;
  const [notes, setNotes] = useState(initialNotes);
  const [now, setNow] = useState(serverNow);
  const [kind, setKind] = useState<NoteKind>("NOTE");
  const [body, setBody] = useState("");
  const [defectKey, setDefectKey] = useState("");
  const [defectUrl, setDefectUrl] = useState("");
  const [files, setFiles] = useState<Pending[]>([]);
  const [filter, setFilter] = useState<Filter>("ALL");
  const [finishing, setFinishing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const nextFileId = useRef(1);

  // The server's list wins whenever it changes (another tester's note, a refresh after a write).
  useEffect(() => setNotes(initialNotes), [initialNotes]);

  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const tick = setInterval(() => setNow(Date.now()), 1000);
    // Other testers' notes show up within a few seconds.
    const poll = setInterval(() => router.refresh(), 10_000);
    return () => {
      clearInterval(tick);
      clearInterval(poll);
    };
  }, [running, router]);

  const started = session.startedAt ? Date.parse(session.startedAt) : null;
  const ended = session.completedAt ? Date.parse(session.completedAt) : null;
  const elapsed = started === null ? 0 : Math.max(0, (ended ?? now) - started);
  const boxMs = (session.timeBoxMinutes ?? 60) * 60_000;
  const over = elapsed > boxMs;
  const counts = useMemo(() => {
    const c = { NOTE: 0, BUG: 0, QUESTION: 0, IDEA: 0 } as Record<NoteKind, number>;
    for (const n of notes) c[n.kind]++;
    return c;
  }, [notes]);
  const shown = filter === "ALL" ? notes : notes.filter((n) => n.kind === filter);

  async function changeStatus(status: "IN_PROGRESS" | "ABORTED") {
    if (status === "ABORTED" && !confirm(`Abort "${session.name}"? An aborted session does not count towards the milestone.`)) return;
    setBusy(true);
    setError(null);
    const res = await sendJson("PATCH", api, { status });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    router.refresh();
    if (status === "IN_PROGRESS") setTimeout(() => bodyRef.current?.focus(), 50);
  }

  function addFiles(list: File[]) {
    const added = list.map((file, i) => {
      const named =
        file.name && file.name !== "image.png"
          ? file
          : new File([file], `screenshot-${new Date().toISOString().replace(/[:.]/g, "-")}${i ? `-${i}` : ""}.png`, { type: file.type || "image/png" });
      return { id: nextFileId.current++, file: named, preview: named.type.startsWith("image/") ? URL.createObjectURL(named) : null };
    });
    setFiles((f) => [...f, ...added]);
  }

  async function addNote() {
    if (!writable || busy) return;
    if (!body.trim()) {
      setError("Write the note first.");
      bodyRef.current?.focus();
      return;
    }
    if (defectUrl.trim() && !defectKey.trim()) {
      setError("Give the defect's key (e.g. SHOP-123) along with its URL.");
      return;
    }
    setBusy(true);
    setError(null);
    const res = await sendJson<Note>("POST", `${api}/notes`, {
      kind,
      body,
      defect: defectKey.trim()
        ? { key: defectKey.trim(), url: defectUrl.trim() || undefined, tracker: /atlassian\.net|jira/i.test(defectUrl) ? "JIRA" : undefined }
        : undefined,
    });
    if (!res.ok) {
      setBusy(false);
      const fields = Object.entries(res.fields).map(([f, m]) => `${f}: ${m}`);
      setError(fields.length ? `${res.message} (${fields.join("; ")})` : res.message);
      return;
    }
    let note = res.data;
    const failed: string[] = [];
    for (const f of files) {
      const up = await fetch(`${api}/notes/${note.id}/attachments?name=${encodeURIComponent(f.file.name)}`, {
        method: "POST",
        headers: { "content-type": f.file.type || "application/octet-stream" },
        body: f.file,
      });
      if (up.ok) note = { ...note, attachments: [...note.attachments, await up.json()] };
      else failed.push(`${f.file.name}: ${(await up.json().catch(() => null))?.error?.message ?? `HTTP ${up.status}`}`);
    }
    for (const f of files) if (f.preview) URL.revokeObjectURL(f.preview);
    setNotes((list) => [...list, note]);
    setBody("");
    setDefectKey("");
    setDefectUrl("");
    setFiles([]);
    setKind("NOTE");
    setBusy(false);
    if (failed.length) setError(`The note is saved, but these files were not: ${failed.join("; ")}`);
    bodyRef.current?.focus();
    router.refresh();
  }

  async function removeNote(note: Note) {
    if (!confirm("Delete this note and its attachments?")) return;
    const res = await sendJson("DELETE", `${api}/notes/${note.id}`);
    if (!res.ok) return setError(res.message);
    setNotes((list) => list.filter((n) => n.id !== note.id));
    router.refresh();
  }

  function onKey(e: KeyboardEvent) {
    const el = e.target as HTMLElement | null;
    const typing = !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
    if (finishing) return;
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && el === bodyRef.current) {
      e.preventDefault();
      void addNote();
      return;
    }
    if (e.altKey && /^Digit[1-4]$/.test(e.code) && writable) {
      e.preventDefault();
      setKind(KINDS[Number(e.code.slice(5)) - 1]);
      return;
    }
    if (e.key === "Escape" && typing) return el!.blur();
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (writable && /^[1-4]$/.test(e.key)) {
      e.preventDefault();
      setKind(KINDS[Number(e.key) - 1]);
      bodyRef.current?.focus();
      return;
    }
    if (writable && (e.key === "n" || e.key === "/")) {
      e.preventDefault();
      bodyRef.current?.focus();
      return;
    }
    if (canWrite && e.key === "s" && session.status === "PLANNED") {
      e.preventDefault();
      void changeStatus("IN_PROGRESS");
      return;
    }
    if (writable && e.key === "f") {
      e.preventDefault();
      setFinishing(true);
    }
  }

  function onPaste(e: ClipboardEvent) {
    if (!writable) return;
    const pasted = [...(e.clipboardData?.files ?? [])];
    if (!pasted.length) return;
    e.preventDefault();
    addFiles(pasted);
  }

  useEffect(() => {
    window.addEventListener("keydown", onKey);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("paste", onPaste);
    };
  });

  const inputClass =
    "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100 focus:outline-none";
  const pct = Math.min(100, (elapsed / boxMs) * 100);

  return (
    <div data-testid="session-view">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href={`/projects/${projectKey}`} className="hover:text-slate-800">{projectName}</Link>
        <span className="mx-2">/</span>
        <Link href={`/projects/${projectKey}/milestones/${session.milestone.id}`} className="hover:text-slate-800">{session.milestone.name}</Link>
        <span className="mx-2">/</span>
        <span className="text-slate-700">{session.name}</span>
      </nav>

      <header className="mt-3 flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-5">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-3xl font-bold tracking-tight text-slate-900">{session.name}</h1>
            <Badge value={session.status} />
            <Badge value="EXPLORATORY" label="Exploratory session" />
          </div>
          <p className="mt-1 text-sm text-slate-600">
            Milestone{" "}
            <Link href={`/projects/${projectKey}/milestones/${session.milestone.id}`} className="font-medium text-indigo-600 hover:underline">
              {session.milestone.name}
            </Link>
            <span className="mx-2 text-slate-300">·</span>
            Environment <span className="font-medium text-slate-800">{session.environment.name}</span>
            <span className="mx-2 text-slate-300">·</span>
            {session.completedAt
              ? `Finished ${formatDateTime(session.completedAt)}`
              : session.startedAt
                ? `Started ${formatDateTime(session.startedAt)}`
                : `Planned ${formatDateTime(session.createdAt)}`}
          </p>
        </div>
        {canWrite && (session.status === "PLANNED" || running) && (
          <div className="flex items-center gap-2">
            <button
              type="button"
              onClick={() => changeStatus("ABORTED")}
              disabled={busy}
              className="rounded-md px-3 py-2 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:opacity-50"
            >
              Abort
            </button>
            {session.status === "PLANNED" ? (
              <button
                type="button"
                onClick={() => changeStatus("IN_PROGRESS")}
                disabled={busy}
                className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
              >
                Start session <Kbd dark>S</Kbd>
              </button>
            ) : (
              <button
                type="button"
                onClick={() => setFinishing(true)}
                className="inline-flex items-center gap-2 rounded-md bg-slate-900 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-slate-700"
              >
                Finish with a verdict <Kbd dark>F</Kbd>
              </button>
            )}
          </div>
        )}
      </header>

      {session.verdict && (
        <section className={`mt-6 rounded-xl border p-5 ${VERDICT_TONES[session.verdict]}`} aria-label="Verdict" data-testid="session-verdict">
          <div className="text-xs font-semibold tracking-wide uppercase opacity-70">Verdict</div>
          <div className="mt-0.5 text-2xl font-bold">{VERDICT_LABELS[session.verdict]}</div>
          {session.verdictSummary && <Markdown source={session.verdictSummary} className="mt-2 text-sm" />}
        </section>
      )}

      {error && (
        <p role="alert" className="mt-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      )}

      <div className="mt-6 grid gap-6 lg:grid-cols-12">
        <div className="space-y-6 lg:col-span-7">
          {writable && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void addNote();
              }}
              className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
              aria-label="New note"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex gap-1" role="radiogroup" aria-label="Kind">
                  {KINDS.map((k, i) => {
                    const on = kind === k;
                    return (
                      <button
                        key={k}
                        type="button"
                        role="radio"
                        aria-checked={on}
                        onClick={() => setKind(k)}
                        className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition ${
                          on ? KIND_STYLES[k].solid : "bg-white text-slate-600 ring-slate-200 hover:ring-slate-300"
                        }`}
                      >
                        {KIND_STYLES[k].label}
                        <Kbd dark={on}>{i + 1}</Kbd>
                      </button>
                    );
                  })}
                </div>
                <span className="text-[11px] text-slate-400">Alt + 1–4 while typing</span>
              </div>
              <label htmlFor="note-body" className="sr-only">Note</label>
              <textarea
                id="note-body"
                ref={bodyRef}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                rows={3}
                className={`${inputClass} mt-3 resize-y`}
                aria-describedby="note-help"
              />
              <p id="note-help" className="mt-1 text-[11px] text-slate-400">
                What did you try, see or wonder? Markdown works. Paste a screenshot to attach it.
              </p>
              <details className="mt-2 text-sm" open={!!defectKey || undefined}>
                <summary className="cursor-pointer text-xs font-medium text-slate-600 select-none">Link a defect</summary>
                <div className="mt-2 grid grid-cols-[9rem_1fr] gap-2">
                  <input aria-label="Defect key" value={defectKey} onChange={(e) => setDefectKey(e.target.value)} className={`${inputClass} font-mono`} />
                  <input aria-label="Defect URL" type="url" value={defectUrl} onChange={(e) => setDefectUrl(e.target.value)} className={inputClass} />
                </div>
              </details>
              <input
                ref={fileRef}
                type="file"
                multiple
                className="sr-only"
                tabIndex={-1}
                aria-label="Attach files"
                onChange={(e) => {
                  addFiles([...(e.target.files ?? [])]);
                  e.target.value = "";
                }}
              />
              {files.length > 0 && (
                <ul className="mt-2 flex flex-wrap gap-2" data-testid="pending-files">
                  {files.map((f) => (
                    <li key={f.id} className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1 text-xs">
                      {f.preview && <img src={f.preview} alt="" className="h-6 w-9 rounded object-cover" />}
                      <span className="max-w-40 truncate">{f.file.name}</span>
                      <button
                        type="button"
                        onClick={() => setFiles((list) => list.filter((x) => x.id !== f.id))}
                        className="text-slate-400 hover:text-rose-600"
                        aria-label={`Remove ${f.file.name}`}
                      >
                        ✕
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <div className="mt-3 flex items-center justify-between gap-2">
                <button type="button" onClick={() => fileRef.current?.click()} className="rounded-md px-2 py-1.5 text-xs text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50">
                  Attach files
                </button>
                <button
                  type="submit"
                  disabled={busy}
                  className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
                >
                  {busy ? "Adding…" : `Add ${KIND_STYLES[kind].label.toLowerCase()}`}
                  <Kbd dark>Ctrl ↵</Kbd>
                </button>
              </div>
            </form>
          )}

          <section aria-labelledby="notes-heading">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="notes-heading" className="text-lg font-semibold text-slate-900">Notes and findings</h2>
              <nav className="flex flex-wrap gap-1" aria-label="Filter notes" data-testid="note-filters">
                {(["ALL", "BUG", "QUESTION", "IDEA", "NOTE"] as Filter[]).map((f) => {
                  const on = filter === f;
                  const n = f === "ALL" ? notes.length : counts[f];
                  return (
                    <button
                      key={f}
                      type="button"
                      onClick={() => setFilter(f)}
                      aria-pressed={on}
                      className={`rounded-full px-2.5 py-1 text-xs ring-1 ring-inset ${on ? "bg-slate-900 font-medium text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-200 hover:ring-slate-300"}`}
                    >
                      {f === "ALL" ? "All" : KIND_STYLES[f].plural} <span className="tabular-nums opacity-70">{n}</span>
                    </button>
                  );
                })}
              </nav>
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
                      <div className="w-14 shrink-0 pt-0.5 text-right font-mono text-xs text-slate-400 tabular-nums" title={formatDateTime(n.createdAt)}>
                        {n.offsetMs === null ? "—" : `+${formatClock(n.offsetMs)}`}
                      </div>
                      <div className="min-w-0 flex-1">
                        <div className="flex flex-wrap items-center gap-2">
                          <span className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${KIND_STYLES[n.kind].chip}`}>{KIND_STYLES[n.kind].label}</span>
                          {n.defect && (
                            n.defect.url ? (
                              <a href={n.defect.url} target="_blank" rel="noreferrer" className="font-mono text-xs font-medium text-indigo-600 hover:underline">
                                {n.defect.key}
                              </a>
                            ) : (
                              <span className="font-mono text-xs text-slate-600">{n.defect.key}</span>
                            )
                          )}
                          <span className="ml-auto text-xs text-slate-400">{n.createdBy?.name ?? "A deleted user"}</span>
                          {writable && (
                            <button
                              type="button"
                              onClick={() => removeNote(n)}
                              className="rounded px-1 text-xs text-slate-300 opacity-0 group-hover:opacity-100 hover:text-rose-600 focus:opacity-100"
                              aria-label="Delete note"
                            >
                              ✕
                            </button>
                          )}
                        </div>
                        <Markdown source={n.body} className="mt-1 text-sm text-slate-800" />
                        {n.attachments.length > 0 && (
                          <ul className="mt-2 flex flex-wrap gap-2">
                            {n.attachments.map((a) => (
                              <li key={a.id}>
                                <a href={a.url} target="_blank" rel="noreferrer" className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1 text-xs text-slate-600 hover:border-indigo-300">
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
        </div>

        <aside className="space-y-6 lg:col-span-5">
          <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-label="Timer" data-testid="session-timer">
            <div className="flex items-baseline justify-between">
              <span className="text-sm font-medium text-slate-800">Time box</span>
              <span className="text-xs text-slate-500">{session.timeBoxMinutes ?? 60} min</span>
            </div>
            <div className="mt-2 flex items-baseline gap-2">
              <span className={`font-mono text-4xl font-bold tabular-nums ${over ? "text-rose-600" : "text-slate-900"}`} data-testid="timer-elapsed">
                {formatClock(elapsed)}
              </span>
              <span className="font-mono text-sm text-slate-400 tabular-nums">/ {formatClock(boxMs)}</span>
              {running && <span className="ml-1 h-2 w-2 animate-pulse rounded-full bg-emerald-500" aria-hidden />}
            </div>
            <div className="mt-3 h-2 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-label="Time used">
              <div className={`h-full rounded-full ${over ? "bg-rose-500" : pct > 80 ? "bg-amber-500" : "bg-indigo-500"}`} style={{ width: `${pct}%` }} />
            </div>
            <p className={`mt-2 text-xs ${over ? "font-semibold text-rose-600" : "text-slate-500"}`} data-testid="timer-status">
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
              <Markdown source={session.charter} className="mt-2 text-sm text-slate-700" />
            ) : (
              <p className="mt-2 text-sm text-slate-500">No charter was written for this session.</p>
            )}
          </section>

          <FindingsSummary counts={counts} />

          {(writable || session.status === "PLANNED") && canWrite && (
            <section className="rounded-xl border border-dashed border-slate-300 p-4 text-xs text-slate-500" aria-label="Keyboard shortcuts">
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
      </div>

      <VerdictDialog
        // Mounted afresh on open, so the suggested verdict follows the findings written so far.
        key={finishing ? "open" : "closed"}
        open={finishing}
        onClose={() => setFinishing(false)}
        url={api}
        counts={counts}
        overTime={over}
        onDone={() => {
          setFinishing(false);
          router.refresh();
        }}
      />
    </div>
  );
}
