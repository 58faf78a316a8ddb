"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FieldError, fieldClass, parseTagList, useFormApi, type FieldErrors } from "@/components/cases/form-kit";
import { titleCase } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { CreateCaseInput, UpdateCaseInput, type TestCase } from "@/lib/cases/schemas";
import type { SuiteNode } from "@/components/suites/suite-tree";

const PRIORITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
const TYPES = ["FUNCTIONAL", "REGRESSION", "SMOKE", "ACCEPTANCE", "SECURITY", "PERFORMANCE", "USABILITY", "OTHER"] as const;
const AUTOMATION = ["MANUAL", "AUTOMATED", "TO_BE_AUTOMATED"] as const;

type Step = { key: number; action: string; expected: string };
type Draft = {
  title: string;
  suiteId: string;
  preconditions: string;
  steps: Step[];
  priority: TestCase["priority"];
  type: TestCase["type"];
  tags: string;
  automationStatus: TestCase["automationStatus"];
};

let nextKey = 1;
const step = (action = "", expected = ""): Step => ({ key: nextKey++, action, expected });

function draftOf(c: TestCase | null, suiteId: string | null): Draft {
  return {
    title: c?.title ?? "",
    suiteId: c?.suite?.id ?? suiteId ?? "",
    preconditions: c?.preconditions ?? "",
    steps: c ? c.steps.map((s) => step(s.action, s.expected)) : [step()],
    priority: c?.priority ?? "MEDIUM",
    type: c?.type ?? "FUNCTIONAL",
    tags: c?.tags.join(", ") ?? "",
    automationStatus: c?.automationStatus ?? "MANUAL",
  };
}

/**
 * Create or edit a case: title, suite, markdown preconditions, ordered steps (add, remove and
 * reorder with the buttons or the keyboard), priority, type, tags and automation status.
 * Changing the title, preconditions, steps or priority saves a new version. Ctrl+S saves.
 */
export function CaseEditor({
  projectKey,
  testCase,
  suites,
  defaultSuiteId = null,
  canWrite,
  tagSuggestions = [],
}: {
  projectKey: string;
  /** The case to edit; without it the editor creates one. */
  testCase: TestCase | null;
  suites: SuiteNode[];
  defaultSuiteId?: string | null;
  canWrite: boolean;
  tagSuggestions?: string[];
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => draftOf(testCase, defaultSuiteId));
  const [saved, setSaved] = useState<string | null>(null);
  const [focusStep, setFocusStep] = useState<{ key: number; field: "action" | "expected" } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { send, pending, error, fields } = useFormApi();
  const versionKey = testCase ? `${testCase.id}:${testCase.version}:${testCase.updatedAt}` : "new";
  const [loadedKey, setLoadedKey] = useState(versionKey);
  if (loadedKey !== versionKey) {
    // The server sent a newer case (after a save or a refresh): start from it.
    setLoadedKey(versionKey);
    setDraft(draftOf(testCase, defaultSuiteId));
  }

  useEffect(() => {
    if (!focusStep) return;
    document.getElementById(`step-${focusStep.key}-${focusStep.field}`)?.focus();
    setFocusStep(null);
  }, [focusStep]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        formRef.current?.requestSubmit();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setSaved(null);
    setDraft((d) => ({ ...d, [k]: v }));
  };
  const setSteps = (fn: (steps: Step[]) => Step[]) => {
    setSaved(null);
    setDraft((d) => ({ ...d, steps: fn(d.steps) }));
  };
  function addStep(after: number) {
    const s = step();
    setSteps((steps) => [...steps.slice(0, after + 1), s, ...steps.slice(after + 1)]);
    setFocusStep({ key: s.key, field: "action" });
  }
  function removeStep(i: number) {
    const steps = draft.steps;
    const neighbour = steps[i + 1] ?? steps[i - 1];
    setSteps((list) => list.filter((_, j) => j !== i));
    if (neighbour) setFocusStep({ key: neighbour.key, field: "action" });
  }
  function moveStep(i: number, by: -1 | 1, field: "action" | "expected" = "action") {
    const j = i + by;
    if (j < 0 || j >= draft.steps.length) return;
    const moving = draft.steps[i];
    setSteps((list) => {
      const next = [...list];
      [next[i], next[j]] = [next[j], next[i]];
      return next;
    });
    setFocusStep({ key: moving.key, field });
  }
  function onStepKey(e: React.KeyboardEvent, i: number, field: "action" | "expected") {
    if (e.altKey && e.key === "ArrowUp") {
      e.preventDefault();
      moveStep(i, -1, field);
    } else if (e.altKey && e.key === "ArrowDown") {
      e.preventDefault();
      moveStep(i, 1, field);
    } else if (e.altKey && e.key === "Enter") {
      e.preventDefault();
      addStep(i);
    } else if (e.altKey && e.key === "Backspace") {
      e.preventDefault();
      removeStep(i);
    }
  }

  async function submit() {
    setSaved(null);
    const body = {
      title: draft.title,
      suiteId: draft.suiteId || null,
      preconditions: draft.preconditions,
      steps: draft.steps.filter((s) => s.action.trim() || s.expected.trim()).map((s) => ({ action: s.action, expected: s.expected })),
      priority: draft.priority,
      type: draft.type,
      tags: parseTagList(draft.tags),
      automationStatus: draft.automationStatus,
    };
    if (!testCase) {
      const created = await send<TestCase>("POST", `/api/projects/${projectKey}/test-cases`, body, CreateCaseInput);
      if (created) router.push(`/projects/${projectKey}/cases/${created.key}?created=1`);
      return;
    }
    const updated = await send<TestCase>("PATCH", `/api/projects/${projectKey}/test-cases/${testCase.id}`, body, UpdateCaseInput);
    if (updated) {
      setSaved(
        updated.version > testCase.version
          ? `Saved as version ${updated.version}.`
          : updated.updatedAt !== testCase.updatedAt
            ? "Saved (no new version: the content did not change)."
            : "Nothing to save: no changes.",
      );
    }
  }

  // Blank steps are dropped on save, so the API's `steps.<n>` counts only the others.
  const kept = draft.steps.flatMap((s, i) => (s.action.trim() || s.expected.trim() ? [i] : []));
  const stepError = (i: number, field: string) => (kept.includes(i) ? fields[`steps.${kept.indexOf(i)}.${field}`] : undefined);
  const disabled = !canWrite || pending;

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        // Not a form action: React resets a form after its action, which would snap the selects back.
        e.preventDefault();
        void submit();
      }}
      className="space-y-6"
      aria-label={testCase ? `Edit ${testCase.key}` : "New test case"}
      data-testid="case-editor"
    >
      <fieldset disabled={!canWrite} className="space-y-6">
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <label className="block text-sm font-medium text-slate-700">
            Title
            <input
              name="title"
              value={draft.title}
              onChange={(e) => set("title", e.target.value)}
              autoFocus={!testCase}
              className={`${fieldClass("title" in fields)} text-base font-medium`}
              aria-invalid={"title" in fields}
              aria-describedby="title-error"
            />
          </label>
          <FieldError fields={fields} name="title" id="title-error" />

          <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
            <label className="block text-sm font-medium text-slate-700 lg:col-span-2">
              Suite
              <select value={draft.suiteId} onChange={(e) => set("suiteId", e.target.value)} className={fieldClass("suiteId" in fields)}>
                <option value="">(no suite)</option>
                {suites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.path.join(" / ")}
                  </option>
                ))}
              </select>
              <FieldError fields={fields} name="suiteId" />
            </label>
            <label className="block text-sm font-medium text-slate-700">
              Priority
              <select value={draft.priority} onChange={(e) => set("priority", e.target.value as Draft["priority"])} className={fieldClass("priority" in fields)}>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>{titleCase(p)}</option>
                ))}
              </select>
            </label>
            <label className="block text-sm font-medium text-slate-700">
              Type
              <select value={draft.type} onChange={(e) => set("type", e.target.value as Draft["type"])} className={fieldClass("type" in fields)}>
                {TYPES.map((t) => (
                  <option key={t} value={t}>{titleCase(t)}</option>
                ))}
              </select>
            </label>
            <label className="block text-sm font-medium text-slate-700">
              Automation
              <select value={draft.automationStatus} onChange={(e) => set("automationStatus", e.target.value as Draft["automationStatus"])} className={fieldClass()}>
                {AUTOMATION.map((a) => (
                  <option key={a} value={a}>{titleCase(a)}</option>
                ))}
              </select>
            </label>
          </div>
          {testCase?.automationKey && (
            <p className="mt-2 text-xs text-slate-600">
              Linked to the automated test <code className="rounded bg-slate-100 px-1">{testCase.automationKey}</code>.
            </p>
          )}

          <label className="mt-4 block text-sm font-medium text-slate-700">
            Tags
            <input
              value={draft.tags}
              onChange={(e) => set("tags", e.target.value)}
              list="case-tag-suggestions"
              className={fieldClass(Object.keys(fields).some((f) => f.startsWith("tags")))}
              aria-describedby="tags-hint"
            />
          </label>
          <datalist id="case-tag-suggestions">
            {tagSuggestions.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <p id="tags-hint" className="mt-1 text-xs text-slate-600">Separate tags with commas, e.g. “checkout, smoke”.</p>
          <TagErrors fields={fields} />
        </div>

        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <div className="grid gap-4 lg:grid-cols-2">
            <label className="block text-sm font-medium text-slate-700">
              Preconditions <span className="font-normal text-slate-500">(markdown)</span>
              <textarea
                value={draft.preconditions}
                onChange={(e) => set("preconditions", e.target.value)}
                rows={5}
                className={`${fieldClass("preconditions" in fields)} font-mono text-[13px]`}
              />
            </label>
            <div>
              <div className="text-sm font-medium text-slate-700">Preview</div>
              <div className="mt-1 min-h-[7.5rem] rounded-md border border-dashed border-slate-200 bg-slate-50/60 px-3 py-2 text-sm text-slate-700" data-testid="preconditions-preview">
                {draft.preconditions.trim() ? <Markdown source={draft.preconditions} /> : <span className="text-slate-500">No preconditions.</span>}
              </div>
            </div>
          </div>
          <FieldError fields={fields} name="preconditions" />
        </div>

        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h3 className="text-sm font-semibold text-slate-900">Steps</h3>
            <p className="text-xs text-slate-600">
              <kbd className="rounded border border-slate-200 px-1 font-mono">Alt</kbd>+<kbd className="rounded border border-slate-200 px-1 font-mono">↑</kbd>/<kbd className="rounded border border-slate-200 px-1 font-mono">↓</kbd> move ·{" "}
              <kbd className="rounded border border-slate-200 px-1 font-mono">Alt</kbd>+<kbd className="rounded border border-slate-200 px-1 font-mono">Enter</kbd> add below ·{" "}
              <kbd className="rounded border border-slate-200 px-1 font-mono">Alt</kbd>+<kbd className="rounded border border-slate-200 px-1 font-mono">Backspace</kbd> remove
            </p>
          </div>
          <FieldError fields={fields} name="steps" />
          <ol className="mt-3 space-y-3" data-testid="step-list">
            {draft.steps.map((s, i) => (
              <li key={s.key} className="flex gap-3 rounded-md border border-slate-200 bg-slate-50/50 p-3" data-testid="step-row">
                <span className="mt-7 grid h-6 w-6 shrink-0 place-items-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700" aria-hidden>
                  {i + 1}
                </span>
                <div className="grid min-w-0 flex-1 gap-3 md:grid-cols-2">
                  <label className="block text-xs font-medium text-slate-600">
                    Step {i + 1} action
                    <textarea
                      id={`step-${s.key}-action`}
                      value={s.action}
                      rows={2}
                      onChange={(e) => setSteps((list) => list.map((x) => (x.key === s.key ? { ...x, action: e.target.value } : x)))}
                      onKeyDown={(e) => onStepKey(e, i, "action")}
                      className={fieldClass(!!stepError(i, "action"))}
                    />
                    {stepError(i, "action") && <span role="alert" className="mt-1 block text-xs font-medium text-rose-600">{stepError(i, "action")}</span>}
                  </label>
                  <label className="block text-xs font-medium text-slate-600">
                    Step {i + 1} expected result
                    <textarea
                      id={`step-${s.key}-expected`}
                      value={s.expected}
                      rows={2}
                      onChange={(e) => setSteps((list) => list.map((x) => (x.key === s.key ? { ...x, expected: e.target.value } : x)))}
                      onKeyDown={(e) => onStepKey(e, i, "expected")}
                      className={fieldClass(!!stepError(i, "expected"))}
                    />
                    {stepError(i, "expected") && <span role="alert" className="mt-1 block text-xs font-medium text-rose-600">{stepError(i, "expected")}</span>}
                  </label>
                </div>
                <div className="mt-6 flex shrink-0 flex-col gap-1">
                  <button type="button" onClick={() => moveStep(i, -1)} disabled={i === 0} aria-label={`Move step ${i + 1} up`} className="rounded px-1.5 text-slate-600 hover:bg-white hover:text-slate-900 disabled:opacity-30">↑</button>
                  <button type="button" onClick={() => moveStep(i, 1)} disabled={i === draft.steps.length - 1} aria-label={`Move step ${i + 1} down`} className="rounded px-1.5 text-slate-600 hover:bg-white hover:text-slate-900 disabled:opacity-30">↓</button>
                  <button type="button" onClick={() => removeStep(i)} aria-label={`Remove step ${i + 1}`} className="rounded px-1.5 text-slate-500 hover:bg-rose-50 hover:text-rose-600">✕</button>
                </div>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => addStep(draft.steps.length - 1)} className="mt-3 rounded-md px-2 py-1 text-sm font-medium text-indigo-600 hover:bg-indigo-50">
            + Add step
          </button>
          {draft.steps.length === 0 && <p className="mt-1 text-xs text-slate-600">No steps: the tester records one overall result.</p>}
        </div>
      </fieldset>

      {canWrite && (
        <div className="sticky bottom-0 flex items-center justify-end gap-3 border-t border-slate-200 bg-slate-50/90 py-3 backdrop-blur">
          {error && <p role="alert" className="mr-auto text-sm font-medium text-rose-700">{error}</p>}
          {saved && <p role="status" className="mr-auto text-sm font-medium text-emerald-700" data-testid="save-status">{saved}</p>}
          {testCase && <span className="text-xs text-slate-600">Editing the title, preconditions, steps or priority makes a new version.</span>}
          <button disabled={disabled} className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60">
            {pending ? "Saving…" : testCase ? "Save changes" : "Create case"}
            <kbd className="rounded bg-indigo-500/60 px-1.5 font-mono text-[11px]">Ctrl S</kbd>
          </button>
        </div>
      )}
    </form>
  );
}

function TagErrors({ fields }: { fields: FieldErrors }) {
  const tagErrors = Object.entries(fields).filter(([f]) => f === "tags" || f.startsWith("tags."));
  if (!tagErrors.length) return null;
  return (
    <p role="alert" className="mt-1 text-xs font-medium text-rose-600">
      {tagErrors.map(([, m]) => m).join("; ")}
    </p>
  );
}
