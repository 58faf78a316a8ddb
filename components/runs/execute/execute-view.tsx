"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { sendJson } from "@/components/ui/api-form";
import { formatDateTime } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { StatusBar } from "@/components/ui/status-bar";
import { PriorityChip, STATUS_TONES, StatusChip } from "@/components/runs/status-chip";
import { TotpCode, type TotpTokenRef } from "@/components/authenticators/totp-code";
import { FileDefectButton } from "@/components/defects/file-defect-button";
import type { StatusCounts } from "@/lib/runs/schemas";

type Overall = "PASSED" | "FAILED" | "BLOCKED" | "SKIPPED" | "RETEST";
type StepStatus = "PASSED" | "FAILED" | "BLOCKED" | "SKIPPED" | "UNTESTED";
type Tracker = "JIRA" | "GITHUB" | "LINEAR" | "OTHER";

export type ExecuteData = {
  projectKey: string;
  projectName: string;
  run: { id: string; name: string; status: string; environment: string; milestone: { id: string; name: string }; counts: StatusCounts };
  entry: {
    id: string;
    caseKey: string;
    title: string;
    priority: string;
    status: string;
    caseVersion: number;
    latestVersion: number;
    suitePath: string | null;
    assignee: string | null;
    tags: string[];
    preconditions: string;
    steps: { action: string; expected: string }[];
  };
  entries: { id: string; caseKey: string; title: string; status: string }[];
  index: number;
  attempts: { id: string; attempt: number; status: string; executedAt: string; durationMs: number | null; by: string | null }[];
  /** Shared authenticator tokens named by the case's tags. */
  tokens: TotpTokenRef[];
  canWrite: boolean;
  me: string | null;
};

/** How often the view re-reads the run, so testers see each other's progress without reloading. */
const LIVE_MS = 4000;

const OVERALL: { status: Overall; key: string; label: string }[] = [
  { status: "PASSED", key: "P", label: "Passed" },
  { status: "FAILED", key: "F", label: "Failed" },
  { status: "BLOCKED", key: "B", label: "Blocked" },
  { status: "SKIPPED", key: "S", label: "Skipped" },
  { status: "RETEST", key: "R", label: "Retest" },
];
const KEY_STATUS: Record<string, Overall> = { p: "PASSED", f: "FAILED", b: "BLOCKED", s: "SKIPPED", r: "RETEST" };
const STEP_CYCLE: StepStatus[] = ["UNTESTED", "PASSED", "FAILED", "BLOCKED", "SKIPPED"];
const STEP_BUTTONS: { status: StepStatus; label: string; glyph: string }[] = [
  { status: "PASSED", label: "Pass", glyph: "✓" },
  { status: "FAILED", label: "Fail", glyph: "✕" },
  { status: "BLOCKED", label: "Blocked", glyph: "⊘" },
  { status: "SKIPPED", label: "Skip", glyph: "↷" },
];

const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ["P"], what: "Overall status: passed" },
  { keys: ["F"], what: "Overall status: failed" },
  { keys: ["B"], what: "Overall status: blocked" },
  { keys: ["S"], what: "Overall status: skipped" },
  { keys: ["R"], what: "Overall status: retest" },
  { keys: ["1", "…", "9"], what: "Select step N and cycle its status: untested → pass → fail → blocked → skip" },
  { keys: ["A"], what: "Mark every untested step passed" },
  { keys: ["N"], what: "Save and go to the next entry" },
  { keys: ["Ctrl/⌘", "Enter"], what: "Save and next, also while typing" },
  { keys: ["J"], what: "Next entry without saving" },
  { keys: ["K"], what: "Previous entry without saving" },
  { keys: ["C"], what: "Focus the comment" },
  { keys: ["D"], what: "Focus the defect key" },
  { keys: ["T"], what: "Focus the elapsed time" },
  { keys: ["O"], what: "Attach files (Ctrl/⌘ V pastes a screenshot; dropping files works too)" },
  { keys: ["Y"], what: "Copy the two-factor code (cases tagged with a shared token)" },
  { keys: ["U"], what: "Back to the run" },
  { keys: ["?"], what: "Show or hide this help" },
  { keys: ["Esc"], what: "Leave a text field / close this help" },
];

function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}

/** "4:30", "1:02:03", "1h 5m 10s", "90s", or a plain number of minutes; undefined when unreadable. */
function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  if (/^\d+(:\d{1,2}){1,2}$/.test(t)) {
    return t.split(":").reduce((acc, part) => acc * 60 + Number(part), 0) * 1000;
  }
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 60_000);
  const units = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s(?:ec)?)?$/.exec(t);
  if (!units || !(units[1] || units[2] || units[3])) return undefined;
  return ((Number(units[1] ?? 0) * 60 + Number(units[2] ?? 0)) * 60 + Number(units[3] ?? 0)) * 1000;
}

function trackerOf(url: string): Tracker {
  if (/github\.com/i.test(url)) return "GITHUB";
  if (/linear\.app/i.test(url)) return "LINEAR";
  if (/atlassian\.net|jira/i.test(url)) return "JIRA";
  return "OTHER";
}

function relative(iso: string, now: number): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return formatDateTime(iso);
}

function Kbd({ children, dark = false }: { children: React.ReactNode; dark?: boolean }) {
  return (
    <kbd
      className={`inline-flex min-w-5 items-center justify-center rounded border px-1 font-mono text-[10px] leading-4 font-semibold ${
        dark ? "border-white/30 bg-white/15 text-white" : "border-slate-300 bg-white text-slate-500 shadow-[0_1px_0_0_rgb(203_213_225)]"
      }`}
    >
      {children}
    </kbd>
  );
}

type Pending = { id: number; file: File; preview: string | null };

function derive(steps: StepStatus[]): Overall | null {
  if (steps.includes("FAILED")) return "FAILED";
  if (steps.includes("BLOCKED")) return "BLOCKED";
  if (steps.length && steps.every((s) => s === "PASSED" || s === "SKIPPED") && steps.includes("PASSED")) return "PASSED";
  return null;
}

/** One run entry, executed from the keyboard: steps, overall status, comment, defect, time, files. */
export function ExecuteView({ data }: { data: ExecuteData }) {
  const router = useRouter();
  const { projectKey, run, entry, entries, index } = data;
  const runHref = `/projects/${projectKey}/runs/${run.id}`;
  const hrefOf = (i: number) => (i >= 0 && i < entries.length ? `${runHref}/execute/${entries[i].id}` : null);
  const nextHref = hrefOf(index + 1);
  const prevHref = hrefOf(index - 1);
  const closed = run.status === "COMPLETED" || run.status === "ABORTED";
  const writable = data.canWrite && !closed;

  const [status, setStatus] = useState<Overall | null>(null);
  const [steps, setSteps] = useState<StepStatus[]>(() => entry.steps.map(() => "UNTESTED"));
  const [activeStep, setActiveStep] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(startedAt);
  const [manualTime, setManualTime] = useState<string | null>(null);
  const [defectKey, setDefectKey] = useState("");
  const [defectUrl, setDefectUrl] = useState("");
  const [tracker, setTracker] = useState<Tracker | null>(null);
  const [files, setFiles] = useState<Pending[]>([]);
  const [help, setHelp] = useState(false);
  const [dragging, setDragging] = useState(false);
  // Attempts known when the entry was opened; a live refresh that brings more means a colleague saved it meanwhile.
  const [seenAttempts] = useState(() => new Set(data.attempts.map((a) => a.id)));
  const [copiedCode, setCopiedCode] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const savedResult = useRef<string | null>(null);
  const nextFileId = useRef(1);
  const uploaded = useRef(new Set<number>());
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const defectRef = useRef<HTMLInputElement>(null);
  const timeRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const stepRefs = useRef<(HTMLLIElement | null)[]>([]);
  const tokensRef = useRef<HTMLDivElement>(null);
  const dragDepth = useRef(0);

  // Live progress: re-render the server data (counts, entry strip, attempts) while the tab is
  // visible. Local state (status, comment, files, timer) survives a refresh.
  const savingRef = useRef(false);
  savingRef.current = saving;
  useEffect(() => {
    if (run.status === "COMPLETED" || run.status === "ABORTED") return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && !savingRef.current) router.refresh();
    }, LIVE_MS);
    return () => clearInterval(timer);
  }, [run.status, router]);

  useEffect(() => {
    if (manualTime !== null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [manualTime]);

  const effective = status ?? derive(steps);
  const timeText = manualTime ?? formatDuration(now - startedAt);
  const trackerValue = tracker ?? (defectUrl ? trackerOf(defectUrl) : "OTHER");

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

  function removeFile(id: number) {
    setFiles((list) => {
      const gone = list.find((f) => f.id === id);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return list.filter((f) => f.id !== id);
    });
  }

  function cycleStep(i: number) {
    setActiveStep(i);
    setSteps((s) => s.map((v, j) => (j === i ? STEP_CYCLE[(STEP_CYCLE.indexOf(v) + 1) % STEP_CYCLE.length] : v)));
    stepRefs.current[i]?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function setStep(i: number, value: StepStatus) {
    setActiveStep(i);
    setSteps((s) => s.map((v, j) => (j === i ? (v === value ? "UNTESTED" : value) : v)));
  }

  async function save() {
    if (!writable || saving) return;
    if (!effective) {
      setError("Choose an overall status first: P, F, B, S or R.");
      return;
    }
    const durationMs = parseDuration(timeText);
    if (durationMs === undefined) {
      setError("Elapsed time: write it as 4:30, 1:02:03 or 1h 5m.");
      timeRef.current?.focus();
      return;
    }
    if (defectUrl.trim() && !defectKey.trim()) {
      setError("Give the defect's key (e.g. JIRA-123) along with its URL.");
      defectRef.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    let resultId = savedResult.current;
    if (!resultId) {
      const stepResults = steps.map((s, i) => ({ index: i, status: s })).filter((s) => s.status !== "UNTESTED");
      const res = await sendJson<{ result: { id: string } }>("POST", `/api/projects/${projectKey}/test-runs/${run.id}/entries/${entry.id}/results`, {
        status: effective,
        comment: comment.trim() || undefined,
        stepResults: stepResults.length ? stepResults : undefined,
        durationMs,
        defect: defectKey.trim() ? { key: defectKey.trim(), url: defectUrl.trim() || undefined, tracker: trackerValue } : undefined,
        idempotencyKey,
      });
      if (!res.ok) {
        const fields = Object.entries(res.fields).map(([f, m]) => `${f}: ${m}`);
        setError(fields.length ? `${res.message} (${fields.join("; ")})` : res.message);
        setSaving(false);
        return;
      }
      resultId = res.data.result.id;
      savedResult.current = resultId;
    }
    for (const f of files) {
      if (uploaded.current.has(f.id)) continue;
      const res = await fetch(`/api/projects/${projectKey}/results/${resultId}/attachments?name=${encodeURIComponent(f.file.name)}`, {
        method: "POST",
        headers: { "content-type": f.file.type || "application/octet-stream" },
        body: f.file,
      });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        setError(`The result is saved, but ${f.file.name} was not uploaded: ${body?.error?.message ?? `HTTP ${res.status}`}. Save again to retry, or remove the file.`);
        setSaving(false);
        return;
      }
      uploaded.current.add(f.id);
    }
    router.push(nextHref ?? runHref);
    router.refresh();
  }

  function onKey(e: KeyboardEvent) {
    const el = e.target as HTMLElement | null;
    const typing = !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      void save();
      return;
    }
    if (e.key === "Escape") {
      if (help) setHelp(false);
      else if (typing) el!.blur();
      else setActiveStep(null);
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key;
    const act = (fn: () => void) => {
      e.preventDefault();
      fn();
    };
    if (key === "?") return act(() => setHelp((h) => !h));
    const lower = key.length === 1 ? key.toLowerCase() : key;
    if (writable && KEY_STATUS[lower] && key === lower) return act(() => setStatus(KEY_STATUS[lower]));
    if (writable && /^[1-9]$/.test(key) && Number(key) <= entry.steps.length) return act(() => cycleStep(Number(key) - 1));
    switch (key) {
      case "a":
        if (writable) act(() => setSteps((s) => s.map((v) => (v === "UNTESTED" ? "PASSED" : v))));
        return;
      case "n":
        return act(() => void save());
      case "j":
        if (nextHref) act(() => router.push(nextHref));
        return;
      case "k":
        if (prevHref) act(() => router.push(prevHref));
        return;
      case "c":
        return act(() => commentRef.current?.focus());
      case "d":
        return act(() => defectRef.current?.focus());
      case "t":
        return act(() => timeRef.current?.select());
      case "o":
        if (writable) act(() => fileRef.current?.click());
        return;
      case "u":
        return act(() => router.push(runHref));
      case "y":
        return act(() => {
          const button = tokensRef.current?.querySelector<HTMLButtonElement>("button[data-copy-code]:not(:disabled)");
          if (!button) return;
          button.click();
          setCopiedCode(true);
          setTimeout(() => setCopiedCode(false), 1500);
        });
    }
  }

  function hasFiles(e: DragEvent): boolean {
    return [...(e.dataTransfer?.types ?? [])].includes("Files");
  }

  function onDragEnter(e: DragEvent) {
    if (!writable || !hasFiles(e)) return;
    e.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  }

  function onDragOver(e: DragEvent) {
    if (!writable || !hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
  }

  function onDragLeave(e: DragEvent) {
    if (!writable || !hasFiles(e)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  }

  function onDrop(e: DragEvent) {
    if (!writable || !hasFiles(e)) return;
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    addFiles([...(e.dataTransfer?.files ?? [])]);
  }

  function onPaste(e: ClipboardEvent) {
    if (!writable) return;
    const pasted = [...(e.clipboardData?.files ?? [])];
    if (!pasted.length) return;
    e.preventDefault();
    addFiles(pasted);
  }

  // Re-bound on every render so the handlers always see the current state.
  useEffect(() => {
    window.addEventListener("keydown", onKey);
    window.addEventListener("paste", onPaste);
    window.addEventListener("dragenter", onDragEnter);
    window.addEventListener("dragover", onDragOver);
    window.addEventListener("dragleave", onDragLeave);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("paste", onPaste);
      window.removeEventListener("dragenter", onDragEnter);
      window.removeEventListener("dragover", onDragOver);
      window.removeEventListener("dragleave", onDragLeave);
      window.removeEventListener("drop", onDrop);
    };
  });

  const done = run.counts.total - run.counts.untested;
  const inputClass =
    "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100 focus:outline-none disabled:bg-slate-50";

  return (
    <div data-testid="execute-view">
      {/* Run context bar */}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav className="min-w-0 text-sm text-slate-500" aria-label="Breadcrumb">
          <Link href={`/projects/${projectKey}`} className="hover:text-slate-800">{data.projectName}</Link>
          <span className="mx-2">/</span>
          <Link href={`/projects/${projectKey}/milestones/${run.milestone.id}`} className="hover:text-slate-800">{run.milestone.name}</Link>
          <span className="mx-2">/</span>
          <Link href={runHref} className="font-medium text-slate-700 hover:text-slate-900">{run.name}</Link>
          <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{run.environment}</span>
        </nav>
        <div className="flex items-center gap-2 text-sm">
          <span className="tabular-nums text-slate-500" data-testid="entry-position">
            {index + 1} <span className="text-slate-400">of</span> {entries.length}
          </span>
          <div className="flex overflow-hidden rounded-md ring-1 ring-slate-200">
            {prevHref ? (
              <Link href={prevHref} className="bg-white px-2.5 py-1 text-slate-600 hover:bg-slate-50" aria-label="Previous entry (K)">←</Link>
            ) : (
              <span className="bg-slate-50 px-2.5 py-1 text-slate-300">←</span>
            )}
            {nextHref ? (
              <Link href={nextHref} className="border-l border-slate-200 bg-white px-2.5 py-1 text-slate-600 hover:bg-slate-50" aria-label="Next entry (J)">→</Link>
            ) : (
              <span className="border-l border-slate-200 bg-slate-50 px-2.5 py-1 text-slate-300">→</span>
            )}
          </div>
          <button
            type="button"
            onClick={() => setHelp(true)}
            className="inline-flex items-center gap-1.5 rounded-md bg-white px-2.5 py-1 text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50"
          >
            Shortcuts <Kbd>?</Kbd>
          </button>
        </div>
      </div>

      {/* Position in the run: one tick per entry */}
      <div className="mt-3 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
        <div className="flex items-center justify-between text-xs text-slate-500">
          <span>
            <span className="font-medium text-slate-700">{done}</span> of {run.counts.total} executed
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

      {(() => {
        const fresh = data.attempts.filter((a) => !seenAttempts.has(a.id) && a.id !== savedResult.current);
        if (!fresh.length) return null;
        const last = fresh[fresh.length - 1];
        return (
          <p role="status" className="mt-4 flex items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="concurrent-attempt">
            <span className="h-2 w-2 rounded-full bg-amber-500" aria-hidden />
            {last.by ?? "Someone"} recorded this entry as <StatusChip status={last.status} /> while you had it open. Your save adds another attempt; the latest one sets the status.
          </p>
        );
      })()}

      {closed && (
        <p className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">This run is {run.status.toLowerCase()}; it takes no more results.</p>
      )}
      {!data.canWrite && !closed && (
        <p className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">You can read this run; executing it needs the tester role.</p>
      )}

      <div className="mt-6 grid gap-6 lg:grid-cols-12">
        {/* The case */}
        <article className="lg:col-span-7">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono text-xs font-semibold text-slate-500" data-testid="case-key">{entry.caseKey}</span>
            <PriorityChip priority={entry.priority} />
            <StatusChip status={entry.status} />
            {entry.suitePath && <span className="truncate text-xs text-slate-500">{entry.suitePath}</span>}
          </div>
          <h1 className="mt-1.5 text-2xl font-bold tracking-tight text-slate-900" data-testid="case-title">{entry.title}</h1>
          <p className="mt-1 text-xs text-slate-500">
            Version {entry.caseVersion}
            {entry.latestVersion !== entry.caseVersion && (
              <span className="ml-1 text-amber-700">(the case is now at version {entry.latestVersion}; this run executes the version it was planned with)</span>
            )}
            {entry.assignee && <> · Assigned to {entry.assignee}</>}
            {entry.tags.length > 0 && (
              <span className="ml-2 inline-flex flex-wrap gap-1 align-middle">
                {entry.tags.map((t) => (
                  <span key={t} className="rounded bg-slate-100 px-1.5 py-px text-[11px] text-slate-600">{t}</span>
                ))}
              </span>
            )}
          </p>

          {data.tokens.length > 0 && (
            <section className="mt-5" aria-labelledby="totp-heading">
              <div className="flex items-baseline justify-between">
                <h2 id="totp-heading" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Two-factor code</h2>
                <span className="text-xs text-slate-400">
                  {copiedCode ? <span className="text-emerald-600">Copied to the clipboard</span> : <><Kbd>Y</Kbd> copies the code</>}
                </span>
              </div>
              <div ref={tokensRef} className={`mt-1.5 grid gap-2 ${data.tokens.length > 1 ? "sm:grid-cols-2" : ""}`}>
                {data.tokens.map((t) => (
                  <TotpCode key={t.id} projectKey={projectKey} token={t} compact />
                ))}
              </div>
            </section>
          )}

          <section className="mt-5" aria-labelledby="pre-heading">
            <h2 id="pre-heading" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Preconditions</h2>
            <div className="mt-1.5 rounded-lg border border-amber-200/70 bg-amber-50/50 px-4 py-3 text-sm text-slate-800">
              {entry.preconditions.trim() ? <Markdown source={entry.preconditions} /> : <span className="text-slate-500">None.</span>}
            </div>
          </section>

          <section className="mt-5" aria-labelledby="steps-heading">
            <div className="flex items-baseline justify-between">
              <h2 id="steps-heading" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Steps</h2>
              {entry.steps.length > 0 && writable && (
                <span className="text-xs text-slate-400">
                  <Kbd>1</Kbd>–<Kbd>{Math.min(9, entry.steps.length)}</Kbd> cycle a step · <Kbd>A</Kbd> pass the rest
                </span>
              )}
            </div>
            {entry.steps.length === 0 ? (
              <p className="mt-1.5 rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">
                This case has no steps: judge it as a whole.
              </p>
            ) : (
              <ol className="mt-1.5 divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="steps">
                {entry.steps.map((s, i) => {
                  const st = steps[i];
                  const active = activeStep === i;
                  return (
                    <li
                      key={i}
                      ref={(el) => {
                        stepRefs.current[i] = el;
                      }}
                      data-testid={`step-${i + 1}`}
                      data-status={st}
                      className={`relative grid grid-cols-[2rem_1fr] gap-3 px-4 py-3 sm:grid-cols-[2rem_1fr_auto] ${active ? "bg-indigo-50/60" : ""}`}
                    >
                      {active && <span className="absolute inset-y-0 left-0 w-0.5 bg-indigo-500" aria-hidden />}
                      <span
                        className={`mt-0.5 flex h-6 w-6 items-center justify-center rounded-full text-xs font-semibold ring-1 ring-inset ${
                          st === "UNTESTED" ? "bg-white text-slate-500 ring-slate-300" : STATUS_TONES[st].solid
                        }`}
                      >
                        {i + 1}
                      </span>
                      <div className="min-w-0 text-sm">
                        <Markdown source={s.action} className="text-slate-900" />
                        {s.expected && (
                          <div className="mt-1.5 flex gap-2 text-slate-600">
                            <span className="shrink-0 text-xs font-semibold tracking-wide text-emerald-700 uppercase">Expected</span>
                            <Markdown source={s.expected} />
                          </div>
                        )}
                      </div>
                      <div className="col-start-2 flex gap-1 sm:col-start-3" role="group" aria-label={`Step ${i + 1} status`}>
                        {STEP_BUTTONS.map((b) => {
                          const on = st === b.status;
                          return (
                            <button
                              key={b.status}
                              type="button"
                              disabled={!writable}
                              onClick={() => setStep(i, b.status)}
                              aria-pressed={on}
                              aria-label={`Step ${i + 1}: ${b.label}`}
                              title={b.label}
                              className={`h-7 w-7 rounded-md text-sm ring-1 ring-inset transition disabled:opacity-40 ${
                                on ? STATUS_TONES[b.status].solid : "bg-white text-slate-400 ring-slate-200 hover:text-slate-700 hover:ring-slate-300"
                              }`}
                            >
                              {b.glyph}
                            </button>
                          );
                        })}
                      </div>
                    </li>
                  );
                })}
              </ol>
            )}
          </section>

          <section className="mt-6" aria-labelledby="attempts-heading">
            <h2 id="attempts-heading" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Previous attempts in this run
            </h2>
            {data.attempts.length === 0 ? (
              <p className="mt-1.5 text-sm text-slate-500">None yet: this is the first attempt.</p>
            ) : (
              <ul className="mt-1.5 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="attempts">
                {data.attempts.map((a) => (
                  <li key={a.id} className="flex items-center gap-3 px-4 py-2">
                    <span className="w-8 text-xs text-slate-400 tabular-nums">#{a.attempt}</span>
                    <StatusChip status={a.status} />
                    <span className="text-slate-600">{a.by ?? "A deleted user"}</span>
                    <span className="ml-auto text-xs text-slate-500" title={formatDateTime(a.executedAt)}>
                      {relative(a.executedAt, now)}
                      {a.durationMs !== null && <> · {formatDuration(a.durationMs)}</>}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <FileDefectButton projectKey={projectKey} runId={run.id} entryId={entry.id} entryStatus={entry.status} canWrite={data.canWrite} />
        </article>

        {/* The result */}
        <aside className="lg:col-span-5">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
            className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm lg:sticky lg:top-4"
            aria-label="Result"
          >
            <fieldset disabled={!writable}>
              <legend className="text-sm font-semibold text-slate-900">Result</legend>
              <div className="mt-2 grid grid-cols-5 gap-1.5" role="radiogroup" aria-label="Overall status">
                {OVERALL.map((o) => {
                  const on = effective === o.status;
                  return (
                    <button
                      key={o.status}
                      type="button"
                      role="radio"
                      aria-checked={on}
                      onClick={() => setStatus(o.status)}
                      className={`flex flex-col items-center gap-1 rounded-lg px-1 py-2 text-xs font-medium ring-1 ring-inset transition ${
                        on ? STATUS_TONES[o.status].solid + " shadow-sm" : "bg-white text-slate-600 ring-slate-200 hover:ring-slate-300"
                      } ${on && !status ? "opacity-80" : ""}`}
                    >
                      <span>{o.label}</span>
                      <Kbd dark={on}>{o.key}</Kbd>
                    </button>
                  );
                })}
              </div>
              {!status && effective && <p className="mt-1 text-xs text-slate-500">Suggested from the steps; press a key to confirm or change.</p>}
            </fieldset>

            <div className="grid grid-cols-[7rem_1fr] gap-3">
              <div>
                <label htmlFor="elapsed" className="flex items-center justify-between text-xs font-medium text-slate-600">
                  Elapsed <Kbd>T</Kbd>
                </label>
                <div className="relative mt-1">
                  <input
                    id="elapsed"
                    ref={timeRef}
                    value={timeText}
                    onChange={(e) => setManualTime(e.target.value)}
                    disabled={!writable}
                    className={`${inputClass} pr-6 font-mono tabular-nums`}
                    aria-describedby="elapsed-hint"
                  />
                  {manualTime === null && writable && <span className="absolute top-1/2 right-2 h-1.5 w-1.5 -translate-y-1/2 animate-pulse rounded-full bg-emerald-500" aria-hidden />}
                </div>
                <p id="elapsed-hint" className="mt-1 text-[11px] text-slate-400">{manualTime === null ? "Running since you opened it" : "Edited"}</p>
              </div>
              <div>
                <label htmlFor="defect-key" className="flex items-center justify-between text-xs font-medium text-slate-600">
                  Defect <Kbd>D</Kbd>
                </label>
                <div className="mt-1 flex gap-1.5">
                  <input
                    id="defect-key"
                    ref={defectRef}
                    value={defectKey}
                    onChange={(e) => setDefectKey(e.target.value)}
                    disabled={!writable}
                    className={`${inputClass} w-28 font-mono`}
                    aria-label="Defect key"
                  />
                  <select
                    value={trackerValue}
                    onChange={(e) => setTracker(e.target.value as Tracker)}
                    disabled={!writable}
                    className={`${inputClass} w-auto`}
                    aria-label="Tracker"
                  >
                    <option value="JIRA">Jira</option>
                    <option value="GITHUB">GitHub</option>
                    <option value="LINEAR">Linear</option>
                    <option value="OTHER">Other</option>
                  </select>
                </div>
                <input
                  value={defectUrl}
                  onChange={(e) => setDefectUrl(e.target.value)}
                  disabled={!writable}
                  className={`${inputClass} mt-1.5`}
                  aria-label="Defect URL"
                  aria-describedby="defect-hint"
                  type="url"
                />
                <p id="defect-hint" className="mt-1 text-[11px] text-slate-400">Key like SHOP-123, and the issue&apos;s link</p>
              </div>
            </div>

            <div>
              <label htmlFor="comment" className="flex items-center justify-between text-xs font-medium text-slate-600">
                Comment <span className="font-normal text-slate-400">Markdown: **bold**, *italic*, `code`, [link](url) <Kbd>C</Kbd></span>
              </label>
              <textarea
                id="comment"
                ref={commentRef}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                rows={4}
                disabled={!writable}
                aria-describedby="comment-hint"
                className={`${inputClass} mt-1 resize-y`}
              />
              <p id="comment-hint" className="mt-1 text-[11px] text-slate-400">What happened? Esc leaves the field, Ctrl/⌘ + Enter saves.</p>
              {comment.trim() && (
                <div className="mt-1.5 rounded-md border border-slate-100 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="comment-preview">
                  <div className="mb-1 text-[10px] font-semibold tracking-wide text-slate-400 uppercase">Preview</div>
                  <Markdown source={comment} />
                </div>
              )}
            </div>

            <div>
              <div className="flex items-center justify-between text-xs font-medium text-slate-600">
                <span>Attachments</span>
                <span className="font-normal text-slate-400">
                  <Kbd>O</Kbd> pick files · paste a screenshot
                </span>
              </div>
              <input
                ref={fileRef}
                type="file"
                multiple
                accept="image/png,image/jpeg,image/gif,image/webp,video/webm,application/pdf,application/zip,text/plain,text/markdown,application/json,.md,.txt,.log,.json,.zip"
                className="sr-only"
                tabIndex={-1}
                aria-label="Attach files"
                onChange={(e) => {
                  addFiles([...(e.target.files ?? [])]);
                  e.target.value = "";
                }}
              />
              {files.length === 0 ? (
                <button
                  type="button"
                  disabled={!writable}
                  onClick={() => fileRef.current?.click()}
                  className="mt-1 flex w-full items-center justify-center rounded-md border border-dashed border-slate-300 px-3 py-3 text-xs text-slate-500 hover:border-indigo-300 hover:text-indigo-600 disabled:opacity-50"
                >
                  Drop in files or press Ctrl/⌘ V to paste a screenshot
                </button>
              ) : (
                <ul className="mt-1 space-y-1.5" data-testid="attachments">
                  {files.map((f) => (
                    <li key={f.id} className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1.5 text-xs">
                      {f.preview ? (
                        <img src={f.preview} alt="" className="h-8 w-12 rounded object-cover ring-1 ring-slate-200" />
                      ) : (
                        <span className="flex h-8 w-12 items-center justify-center rounded bg-slate-100 text-slate-400">file</span>
                      )}
                      <span className="min-w-0 flex-1 truncate text-slate-700">{f.file.name}</span>
                      <span className="text-slate-400 tabular-nums">{Math.max(1, Math.round(f.file.size / 1024))} KB</span>
                      <button type="button" onClick={() => removeFile(f.id)} className="rounded px-1 text-slate-400 hover:bg-slate-100 hover:text-rose-600" aria-label={`Remove ${f.file.name}`}>
                        ✕
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {files.length > 0 && <p className="mt-1 text-[11px] text-slate-400">Uploaded with the result when you save.</p>}
            </div>

            {error && (
              <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
                {error}
              </p>
            )}

            <div className="flex items-center gap-2 pt-1">
              <button
                type="submit"
                disabled={!writable || saving}
                className="inline-flex flex-1 items-center justify-center gap-2 rounded-md bg-indigo-600 px-3 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
              >
                {saving ? "Saving…" : nextHref ? "Save and next" : "Save and finish"}
                <Kbd dark>N</Kbd>
              </button>
              {nextHref && (
                <Link href={nextHref} className="rounded-md px-3 py-2.5 text-sm text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50">
                  Skip <Kbd>J</Kbd>
                </Link>
              )}
            </div>
          </form>
        </aside>
      </div>

      {dragging && (
        <div className="pointer-events-none fixed inset-0 z-40 flex items-center justify-center bg-indigo-600/10 p-6" data-testid="drop-overlay">
          <div className="rounded-2xl border-2 border-dashed border-indigo-400 bg-white/90 px-10 py-8 text-center shadow-xl">
            <p className="text-lg font-semibold text-indigo-700">Drop to attach</p>
            <p className="mt-1 text-sm text-slate-500">The files are uploaded with the result when you save.</p>
          </div>
        </div>
      )}

      {help && (
        <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4" onClick={() => setHelp(false)}>
          <div
            role="dialog"
            aria-modal="true"
            aria-label="Keyboard shortcuts"
            className="w-full max-w-lg rounded-xl bg-white p-6 shadow-2xl"
            onClick={(e) => e.stopPropagation()}
          >
            <div className="flex items-center justify-between">
              <h2 className="text-lg font-semibold text-slate-900">Keyboard shortcuts</h2>
              <button type="button" onClick={() => setHelp(false)} className="rounded px-2 text-slate-400 hover:bg-slate-100" aria-label="Close">
                ✕
              </button>
            </div>
            <p className="mt-1 text-sm text-slate-500">Letters and digits are ignored while you type in a field, except Esc and Ctrl/⌘ + Enter.</p>
            <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              {SHORTCUTS.map((s) => (
                <div key={s.what} className="contents">
                  <dt className="flex items-center gap-1 justify-self-end">
                    {s.keys.map((k) => (k === "…" ? <span key={k} className="text-slate-400">–</span> : <Kbd key={k}>{k}</Kbd>))}
                  </dt>
                  <dd className="text-slate-700">{s.what}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      )}
    </div>
  );
}
