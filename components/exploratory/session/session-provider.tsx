"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { useFileDrop } from "@/components/ui/use-file-drop";
import type { Note, NoteKind } from "@/lib/exploratory/schemas";
import type { TestRun } from "@/lib/runs/schemas";

export const KINDS: NoteKind[] = ["NOTE", "BUG", "QUESTION", "IDEA"];
export type Filter = "ALL" | NoteKind;

export type SessionViewProps = {
  projectKey: string;
  projectName: string;
  session: TestRun;
  notes: Note[];
  canWrite: boolean;
  serverNow: number;
};

function useSessionState({ projectKey, projectName, session, notes: initialNotes, canWrite, serverNow }: SessionViewProps) {
  const router = useRouter();
  const api = `/api/projects/${projectKey}/test-runs/${session.id}`;
  const running = session.status === "IN_PROGRESS";
  const writable = canWrite && running;
  const write = useApiWrite();
  const [notes, setNotes] = useState(initialNotes);
  const [now, setNow] = useState(serverNow);
  const [kind, setKind] = useState<NoteKind>("NOTE");
  const [body, setBody] = useState("");
  const [defectKey, setDefectKey] = useState("");
  const [defectUrl, setDefectUrl] = useState("");
  const [filter, setFilter] = useState<Filter>("ALL");
  const [finishing, setFinishing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const files = useFileDrop(writable);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

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
  const counts = useMemo(() => {
    const c = { NOTE: 0, BUG: 0, QUESTION: 0, IDEA: 0 } as Record<NoteKind, number>;
    for (const n of notes) c[n.kind]++;
    return c;
  }, [notes]);

  async function changeStatus(status: "IN_PROGRESS" | "ABORTED") {
    if (status === "ABORTED" && !confirm(`Abort "${session.name}"? An aborted session does not count towards the milestone.`)) return;
    setError(null);
    const res = await write.send("PATCH", api, { status });
    if (!res.ok) return;
    router.refresh();
    if (status === "IN_PROGRESS") setTimeout(() => bodyRef.current?.focus(), 50);
  }

  async function addNote() {
    if (!writable || write.pending) return;
    if (!body.trim()) {
      setError("Write the note first.");
      bodyRef.current?.focus();
      return;
    }
    if (defectUrl.trim() && !defectKey.trim()) {
      setError("Give the defect's key (e.g. SHOP-123) along with its URL.");
      return;
    }
    setError(null);
    const res = await write.send<Note>("POST", `${api}/notes`, {
      kind,
      body,
      defect: defectKey.trim()
        ? { key: defectKey.trim(), url: defectUrl.trim() || undefined, tracker: /atlassian\.net|jira/i.test(defectUrl) ? "JIRA" : undefined }
        : undefined,
    });
    if (!res.ok) return;
    let note = res.data;
    const failed: string[] = [];
    for (const f of files.files) {
      const up = await write.upload<Note["attachments"][number]>(`${api}/notes/${note.id}/attachments?name=${encodeURIComponent(f.file.name)}`, f.file);
      if (up.ok) note = { ...note, attachments: [...note.attachments, up.data] };
      else failed.push(`${f.file.name}: ${up.message}`);
    }
    files.clear();
    setNotes((list) => [...list, note]);
    setBody("");
    setDefectKey("");
    setDefectUrl("");
    setKind("NOTE");
    if (failed.length) setError(`The note is saved, but these files were not: ${failed.join("; ")}`);
    bodyRef.current?.focus();
    router.refresh();
  }

  async function removeNote(note: Note) {
    if (!confirm("Delete this note and its attachments?")) return;
    const res = await write.send("DELETE", `${api}/notes/${note.id}`);
    if (!res.ok) return;
    setNotes((list) => list.filter((n) => n.id !== note.id));
    router.refresh();
  }

  return {
    projectKey,
    projectName,
    session,
    api,
    running,
    canWrite,
    writable,
    notes,
    counts,
    shown: filter === "ALL" ? notes : notes.filter((n) => n.kind === filter),
    clock: { started, ended, elapsed, boxMs, over: elapsed > boxMs },
    kind,
    setKind,
    body,
    setBody,
    defectKey,
    setDefectKey,
    defectUrl,
    setDefectUrl,
    filter,
    setFilter,
    finishing,
    setFinishing,
    busy: write.pending,
    error: error ?? write.error,
    files,
    bodyRef,
    fileRef,
    changeStatus,
    addNote,
    removeNote,
  };
}

export type SessionState = ReturnType<typeof useSessionState>;

const SessionContext = createContext<SessionState | null>(null);

/** Holds an exploratory session's page state: the timer, the notes, the note being written. */
export function SessionProvider({ children, ...props }: SessionViewProps & { children: React.ReactNode }) {
  const state = useSessionState(props);
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new TypeError("useSession() needs a <SessionProvider> above it");
  return state;
}
