"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { useFileDrop } from "@/components/ui/use-file-drop";
import { STEP_CYCLE, derive, formatDuration, trackerOf } from "./execute-format";
import type { ExecuteData, Overall, StepStatus, Tracker } from "./types";
import { useSaveResult } from "./use-save-result";

/** How often the view re-reads the run, so testers see each other's progress without reloading. */
const LIVE_MS = 4000;

function useExecuteState(data: ExecuteData) {
  const router = useRouter();
  const { projectKey, run, entry, entries, index } = data;
  const runHref = `/projects/${projectKey}/runs/${run.id}`;
  const hrefOf = (i: number) => (i >= 0 && i < entries.length ? `${runHref}/execute/${entries[i].id}` : null);
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
  const [help, setHelp] = useState(false);
  const [copiedCode, setCopiedCode] = useState(false);
  // Attempts known when the entry was opened; a live refresh that brings more means a colleague saved it meanwhile.
  const [seenAttempts] = useState(() => new Set(data.attempts.map((a) => a.id)));
  const files = useFileDrop(writable);
  const refs = {
    comment: useRef<HTMLTextAreaElement>(null),
    defect: useRef<HTMLInputElement>(null),
    time: useRef<HTMLInputElement>(null),
    file: useRef<HTMLInputElement>(null),
    steps: useRef<(HTMLLIElement | null)[]>([]),
    tokens: useRef<HTMLDivElement>(null),
  };

  const effective = status ?? derive(steps);
  const timeText = manualTime ?? formatDuration(now - startedAt);
  const trackerValue = tracker ?? (defectUrl ? trackerOf(defectUrl) : "OTHER");
  const nextHref = hrefOf(index + 1);
  const save = useSaveResult({
    data,
    writable,
    form: { effective, steps, comment, timeText, defectKey, defectUrl, tracker: trackerValue, files: files.files },
    refs: { time: refs.time, defect: refs.defect },
    doneHref: nextHref ?? runHref,
  });

  // Live progress: re-render the server data (counts, entry strip, attempts) while the tab is
  // visible. Local state (status, comment, files, timer) survives a refresh.
  const savingRef = useRef(false);
  useEffect(() => {
    savingRef.current = save.saving;
  });
  useEffect(() => {
    if (closed) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && !savingRef.current) router.refresh();
    }, LIVE_MS);
    return () => clearInterval(timer);
  }, [closed, router]);

  useEffect(() => {
    if (manualTime !== null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [manualTime]);

  function cycleStep(i: number) {
    setActiveStep(i);
    setSteps((s) => s.map((v, j) => (j === i ? STEP_CYCLE[(STEP_CYCLE.indexOf(v) + 1) % STEP_CYCLE.length] : v)));
    refs.steps.current[i]?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function setStep(i: number, value: StepStatus) {
    setActiveStep(i);
    setSteps((s) => s.map((v, j) => (j === i ? (v === value ? "UNTESTED" : value) : v)));
  }

  function passRemainingSteps() {
    setSteps((s) => s.map((v) => (v === "UNTESTED" ? "PASSED" : v)));
  }

  function copyCode() {
    const button = refs.tokens.current?.querySelector<HTMLButtonElement>("button[data-copy-code]:not(:disabled)");
    if (!button) return;
    button.click();
    setCopiedCode(true);
    setTimeout(() => setCopiedCode(false), 1500);
  }

  return {
    data,
    runHref,
    hrefOf,
    nextHref,
    prevHref: hrefOf(index - 1),
    closed,
    writable,
    now,
    status,
    setStatus,
    effective,
    steps,
    activeStep,
    setActiveStep,
    cycleStep,
    setStep,
    passRemainingSteps,
    comment,
    setComment,
    timeText,
    manualTime,
    setManualTime,
    defectKey,
    setDefectKey,
    defectUrl,
    setDefectUrl,
    trackerValue,
    setTracker,
    help,
    setHelp,
    copiedCode,
    copyCode,
    seenAttempts,
    files,
    refs,
    save,
  };
}

export type ExecuteState = ReturnType<typeof useExecuteState>;

const ExecuteContext = createContext<ExecuteState | null>(null);

/** Holds one entry's execution: what the tester has chosen so far, and how to save it. */
export function ExecuteProvider({ data, children }: { data: ExecuteData; children: React.ReactNode }) {
  const state = useExecuteState(data);
  return <ExecuteContext.Provider value={state}>{children}</ExecuteContext.Provider>;
}

export function useExecute(): ExecuteState {
  const state = useContext(ExecuteContext);
  if (!state) throw new TypeError("useExecute() needs an <ExecuteProvider> above it");
  return state;
}
