"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FieldError, fieldClass, parseTagList, useFormApi } from "@/components/cases/form-kit";
import { PriorityChip } from "@/components/ui/chips";
import { titleCase } from "@/components/ui/format";
import { getJson } from "@/components/ui/use-api-write";
import type { SelectionPreview } from "@/lib/entries/selection";
import type { Suite } from "@/lib/suites/schemas";

type Option = { id: string; name: string };
type MilestoneOption = Option & { dueDate?: string | null; parentId?: string | null };
type SuiteOption = Pick<Suite, "id" | "name" | "depth" | "path">;
type Priority = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";
type Automation = "MANUAL" | "AUTOMATED" | "TO_BE_AUTOMATED";
export type PlanFilter = { q?: string; suiteIds?: string[]; priorities?: Priority[]; tags?: string[]; automation?: Automation[] };
type Mode = "cases" | "suites" | "filter" | "empty";

const PRIORITIES: Priority[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const AUTOMATION: Automation[] = ["MANUAL", "AUTOMATED", "TO_BE_AUTOMATED"];
const PREVIEW_DELAY_MS = 250;

/**
 * "New run" / "Plan run" button and dialog. A run belongs to a milestone and an environment and
 * is planned from the cases selected in the library, from whole suites, or from a filter; the
 * dialog shows how many cases that selects before anything is created, then opens the new run.
 */
export function NewRunDialog({
  projectKey,
  milestones,
  environments,
  caseIds,
  initialFilter,
  suites: givenSuites,
  tags = [],
  label = "New run",
  variant = "primary",
  defaultMode,
}: {
  projectKey: string;
  /** Active milestones; with `parentId` and `dueDate` given, the nearest-due top-level one is the default. */
  milestones: MilestoneOption[];
  environments: Option[];
  /** Cases selected in the library (ids); offers "Selected cases". */
  caseIds?: string[];
  /** Starts in "Filter" mode with these conditions (the library's current filters). */
  initialFilter?: PlanFilter;
  /** The suite tree; fetched when the dialog opens if not given. */
  suites?: SuiteOption[];
  /** Tags in use, offered as quick choices. */
  tags?: string[];
  label?: string;
  variant?: "primary" | "secondary";
  /** The choice the dialog opens with when neither caseIds nor initialFilter is given ("empty" by default; the project overview opens on "filter", which without conditions plans every active case). */
  defaultMode?: "suites" | "filter" | "empty";
}) {
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const initialMode: Mode = caseIds?.length ? "cases" : initialFilter ? "filter" : (defaultMode ?? "empty");
  const [mode, setMode] = useState<Mode>(initialMode);
  const [filter, setFilter] = useState<PlanFilter>(initialFilter ?? {});
  const [otherTags, setOtherTags] = useState("");
  const [suiteIds, setSuiteIds] = useState<string[]>(initialFilter?.suiteIds ?? []);
  const [suites, setSuites] = useState<SuiteOption[] | null>(givenSuites ?? null);
  const [preview, setPreview] = useState<{ key: string; data: SelectionPreview | null; error?: string } | null>(null);
  const { send, pending, error, fields, reset } = useFormApi();
  const missing = !milestones.length ? "an active milestone" : !environments.length ? "an environment" : null;
  const base = `/api/projects/${projectKey}`;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    if (!open || suites) return;
    let live = true;
    getJson<{ data: SuiteOption[] }>(`${base}/suites`).then((res) => live && setSuites(res.ok ? res.data.data : []));
    return () => {
      live = false;
    };
  }, [open, suites, base]);

  const effectiveFilter: PlanFilter = { ...filter, tags: [...new Set([...(filter.tags ?? []), ...parseTagList(otherTags)])] };
  const selection = selectionBody(mode, caseIds ?? [], suiteIds, effectiveFilter);
  const previewQuery = previewParams(mode, suiteIds, effectiveFilter);
  const previewKey = previewQuery ?? "";

  useEffect(() => {
    if (!open || previewQuery === null) return;
    let live = true;
    const timer = setTimeout(async () => {
      const res = await getJson<SelectionPreview>(`${base}/test-cases/selection?${previewQuery}`);
      if (!live) return;
      if (res.ok) setPreview({ key: previewQuery, data: res.data });
      else setPreview({ key: previewQuery, data: null, error: `Could not count the cases: ${res.message}` });
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, previewQuery, base]);

  const current = preview?.key === previewKey ? preview : null;
  const count = mode === "cases" ? (caseIds?.length ?? 0) : mode === "empty" ? 0 : (current?.data?.count ?? null);
  const nothing = mode === "suites" ? suiteIds.length === 0 : mode !== "empty" && count === 0;

  function close() {
    setOpen(false);
    reset();
  }

  async function submit(form: FormData) {
    const body = {
      name: String(form.get("name") ?? ""),
      milestoneId: form.get("milestoneId"),
      environmentId: form.get("environmentId"),
      kind: form.get("kind"),
      ...(String(form.get("build") ?? "").trim() ? { build: String(form.get("build")).trim() } : {}),
      ...selection,
    };
    const run = await send<{ id: string; counts: { total: number } }>("POST", `${base}/test-runs`, body);
    if (run) {
      setOpen(false);
      // A planned run opens, ready to assign and execute; an empty one (for CI or exploring) stays listed where it was made.
      if (run.counts.total > 0) router.push(`/projects/${projectKey}/runs/${run.id}`);
    }
  }

  const toggle = <T extends string>(list: T[] | undefined, v: T) => {
    const next = list?.includes(v) ? list.filter((x) => x !== v) : [...(list ?? []), v];
    return next.length ? next : undefined;
  };
  const chip = (active: boolean) =>
    `rounded-full px-2.5 py-1 text-xs ring-1 ring-inset transition ${active ? "bg-indigo-600 font-medium text-white ring-indigo-600" : "bg-white text-slate-600 ring-slate-200 hover:ring-slate-300"}`;
  const modes: { key: Mode; label: string; hint: string }[] = [
    ...(caseIds?.length ? [{ key: "cases" as const, label: `Selected cases (${caseIds.length})`, hint: "The cases you ticked in the library." }] : []),
    { key: "suites", label: "Whole suites", hint: "Every active case of the suites you pick, sub-suites included." },
    { key: "filter", label: "Filter", hint: "Every active case matching all the conditions below." },
    { key: "empty", label: "Empty run", hint: "No cases now (CI or exploratory runs fill themselves)." },
  ];

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setMode(initialMode);
          setFilter(initialFilter ?? {});
          setSuiteIds(initialFilter?.suiteIds ?? []);
          setOtherTags("");
          setOpen(true);
        }}
        disabled={!!missing}
        title={missing ? `Create ${missing} first` : undefined}
        className={
          variant === "primary"
            ? "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
            : "rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-50"
        }
      >
        {label}
      </button>
      <dialog
        ref={ref}
        onClose={close}
        aria-labelledby="plan-run-title"
        className="m-auto w-full max-w-2xl rounded-xl border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/30"
      >
        {open && (
          <form
            onSubmit={(e) => {
              // Not a form action: React would reset the form after it, losing the choices when the server refuses.
              e.preventDefault();
              void submit(new FormData(e.currentTarget));
            }}
            className="flex max-h-[calc(100vh-4rem)] flex-col"
          >
            <div className="px-6 pt-6 pb-3">
              <h2 id="plan-run-title" className="text-lg font-semibold text-slate-900">Plan a test run</h2>
              <p className="text-sm text-slate-600">Each selected case becomes an untested entry at its current version.</p>
            </div>
            <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-6 pt-1 pb-5">
              <label className="block text-sm font-medium text-slate-700">
                Name
                <input name="name" required autoFocus className={fieldClass("name" in fields)} aria-describedby="run-name-hint" />
              </label>
              <p id="run-name-hint" className="-mt-4 text-xs text-slate-600">For example “Regression – Staging” or “Checkout smoke”.</p>
              <FieldError fields={fields} name="name" />

              <label className="block text-sm font-medium text-slate-700">
                Build <span className="font-normal text-slate-600">(optional)</span>
                <input name="build" maxLength={200} className={fieldClass("build" in fields)} aria-describedby="run-build-hint" />
              </label>
              <p id="run-build-hint" className="-mt-4 text-xs text-slate-600">The version, commit SHA or build number under test, so results are tied to it.</p>
              <FieldError fields={fields} name="build" />

              <div className="grid grid-cols-3 gap-4">
                <label className="block text-sm font-medium text-slate-700">
                  Milestone
                  <select name="milestoneId" defaultValue={defaultMilestoneId(milestones)} className={fieldClass("milestoneId" in fields)}>
                    {milestones.map((m) => (
                      <option key={m.id} value={m.id}>{m.name}</option>
                    ))}
                  </select>
                </label>
                <label className="block text-sm font-medium text-slate-700">
                  Environment
                  <select name="environmentId" required defaultValue="" className={fieldClass("environmentId" in fields)}>
                    <option value="" disabled>Choose…</option>
                    {environments.map((e) => (
                      <option key={e.id} value={e.id}>{e.name}</option>
                    ))}
                  </select>
                </label>
                <label className="block text-sm font-medium text-slate-700">
                  Kind
                  <select name="kind" defaultValue="MANUAL" className={fieldClass()}>
                    <option value="MANUAL">Manual</option>
                    <option value="EXPLORATORY">Exploratory</option>
                    <option value="AUTOMATED">Automated</option>
                  </select>
                </label>
              </div>

              <fieldset>
                <legend className="text-sm font-medium text-slate-700">Cases to include</legend>
                <div role="radiogroup" aria-label="Cases to include" className="mt-1 flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1 text-sm">
                  {modes.map((m) => (
                    <button
                      key={m.key}
                      type="button"
                      role="radio"
                      aria-checked={mode === m.key}
                      onClick={() => setMode(m.key)}
                      className={`rounded-md px-3 py-1 ${mode === m.key ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
                    >
                      {m.label}
                    </button>
                  ))}
                </div>
                <p className="mt-1 text-xs text-slate-600">{modes.find((m) => m.key === mode)?.hint}</p>
              </fieldset>

              {(mode === "suites" || mode === "filter") && (
                <div className="space-y-3 rounded-lg border border-slate-200 bg-slate-50/60 p-4">
                  {mode === "filter" && (
                    <>
                      <label className="block text-sm font-medium text-slate-700">
                        Text in title or preconditions, or a case key
                        <input
                          value={filter.q ?? ""}
                          onChange={(e) => setFilter({ ...filter, q: e.target.value || undefined })}
                          className={fieldClass("filter.q" in fields)}
                          aria-label="Filter text"
                        />
                      </label>
                      <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Priorities">
                        <span className="mr-1 w-20 text-xs font-medium tracking-wide text-slate-600 uppercase">Priority</span>
                        {PRIORITIES.map((p) => (
                          <button key={p} type="button" aria-pressed={!!filter.priorities?.includes(p)} onClick={() => setFilter({ ...filter, priorities: toggle(filter.priorities, p) })} className={chip(!!filter.priorities?.includes(p))}>
                            {titleCase(p)}
                          </button>
                        ))}
                      </div>
                      <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Automation">
                        <span className="mr-1 w-20 text-xs font-medium tracking-wide text-slate-600 uppercase">Automation</span>
                        {AUTOMATION.map((a) => (
                          <button key={a} type="button" aria-pressed={!!filter.automation?.includes(a)} onClick={() => setFilter({ ...filter, automation: toggle(filter.automation, a) })} className={chip(!!filter.automation?.includes(a))}>
                            {titleCase(a)}
                          </button>
                        ))}
                      </div>
                      <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Tags">
                        <span className="mr-1 w-20 text-xs font-medium tracking-wide text-slate-600 uppercase">Tags</span>
                        {[...new Set([...tags.slice(0, 14), ...(filter.tags ?? [])])].map((t) => (
                          <button key={t} type="button" aria-pressed={!!filter.tags?.includes(t)} onClick={() => setFilter({ ...filter, tags: toggle(filter.tags, t) })} className={chip(!!filter.tags?.includes(t))}>
                            {t}
                          </button>
                        ))}
                        <input
                          value={otherTags}
                          onChange={(e) => setOtherTags(e.target.value)}
                          aria-label="Other tags, separated by commas"
                          title="Other tags, separated by commas"
                          className="ml-1 w-44 rounded-full border border-slate-300 bg-white px-2.5 py-1 text-xs focus:border-indigo-500 focus:outline-none"
                        />
                      </div>
                      <p className="text-xs text-slate-600">A case matches when it has any of the chosen priorities, tags and automation statuses, and all the kinds of condition you set.</p>
                    </>
                  )}
                  <div>
                    <div className="mb-1 text-xs font-medium tracking-wide text-slate-600 uppercase">{mode === "suites" ? "Suites" : "Only in suites (optional)"}</div>
                    {suites === null ? (
                      <p className="text-sm text-slate-600">Loading suites…</p>
                    ) : suites.length === 0 ? (
                      <p className="text-sm text-slate-600">This project has no suites yet.</p>
                    ) : (
                      <ul className="max-h-36 overflow-y-auto rounded-md border border-slate-200 bg-white py-1" aria-label="Suites to include">
                        {suites.map((s) => (
                          <li key={s.id}>
                            <label className="flex cursor-pointer items-center gap-2 px-2 py-1 text-sm hover:bg-slate-50" style={{ paddingLeft: `${0.5 + s.depth}rem` }}>
                              <input
                                type="checkbox"
                                checked={suiteIds.includes(s.id)}
                                onChange={() => setSuiteIds(toggle(suiteIds, s.id) ?? [])}
                                className="rounded border-slate-300 text-indigo-600"
                              />
                              {s.name}
                            </label>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                </div>
              )}

              {mode !== "cases" && mode !== "empty" && current?.data && current.data.cases.length > 0 && (
                <div>
                  <div className="mb-1 text-xs font-medium tracking-wide text-slate-600 uppercase">First matches</div>
                  <ul className="space-y-1 rounded-md border border-slate-200 bg-white p-2" data-testid="plan-sample">
                    {current.data.cases.map((c) => (
                      <li key={c.id} className="flex items-center gap-2 text-xs text-slate-600">
                        <span className="w-16 shrink-0 font-mono text-slate-600">{c.key}</span>
                        <PriorityChip priority={c.priority} />
                        <span className="truncate">{c.title}</span>
                        {c.suitePath && <span className="ml-auto shrink-0 text-slate-500">{c.suitePath}</span>}
                      </li>
                    ))}
                    {current.data.count > current.data.cases.length && <li className="pl-[4.5rem] text-xs text-slate-600">…and {current.data.count - current.data.cases.length} more</li>}
                  </ul>
                </div>
              )}
            </div>

            <div className="space-y-3 border-t border-slate-200 bg-slate-50/80 px-6 py-4">
              <div className="text-sm" aria-live="polite" data-testid="plan-preview">
                {mode === "empty" ? (
                  <span className="text-slate-700">The run starts empty.</span>
                ) : mode === "suites" && suiteIds.length === 0 ? (
                  <span className="text-slate-700">Pick at least one suite.</span>
                ) : count === null ? (
                  <span className="text-slate-600">{current?.error ?? "Counting matching cases…"}</span>
                ) : (
                  <>
                    <span className="font-semibold text-indigo-900" data-testid="plan-count">
                      {count} case{count === 1 ? "" : "s"}
                    </span>{" "}
                    <span className="text-slate-700">{count === 0 ? "match — nothing to plan." : "will be planned into the run."}</span>
                  </>
                )}
              </div>
              {error && <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{fieldSummary(error, fields)}</p>}
              <div className="flex justify-end gap-2">
                <button type="button" onClick={close} className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">Cancel</button>
                <button disabled={pending || nothing} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
                  {pending ? "Creating…" : mode === "empty" || count === null ? "Create run" : `Create run with ${count} case${count === 1 ? "" : "s"}`}
                </button>
              </div>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}

function fieldSummary(error: string, fields: Record<string, string>): string {
  const shown = new Set(["name"]);
  const rest = Object.entries(fields).filter(([f]) => !shown.has(f));
  return rest.length ? `${error} (${rest.map(([f, m]) => `${f}: ${m}`).join("; ")})` : error;
}

function cleanFilter(f: PlanFilter, suiteIds: string[]): PlanFilter {
  const out: PlanFilter = {};
  if (f.q?.trim()) out.q = f.q.trim();
  if (f.priorities?.length) out.priorities = f.priorities;
  if (f.tags?.length) out.tags = f.tags;
  if (f.automation?.length) out.automation = f.automation;
  if (suiteIds.length) out.suiteIds = suiteIds;
  return out;
}

/** The selection part of `POST .../test-runs`. */
function selectionBody(mode: Mode, caseIds: string[], suiteIds: string[], filter: PlanFilter) {
  if (mode === "cases") return { caseIds };
  if (mode === "suites") return { suiteIds };
  if (mode === "filter") return { filter: cleanFilter(filter, suiteIds) };
  return {};
}

/** Query string for the live count, or null when there is nothing to ask the server. */
function previewParams(mode: Mode, suiteIds: string[], filter: PlanFilter): string | null {
  if (mode === "cases" || mode === "empty") return null;
  if (mode === "suites") return suiteIds.length ? new URLSearchParams({ suiteIds: suiteIds.join(",") }).toString() : null;
  const f = cleanFilter(filter, suiteIds);
  const params = new URLSearchParams();
  if (f.q) params.set("q", f.q);
  if (f.priorities) params.set("priorities", f.priorities.join(","));
  if (f.tags) params.set("tags", f.tags.join(","));
  if (f.automation) params.set("automation", f.automation.join(","));
  if (f.suiteIds) params.set("suiteIds", f.suiteIds.join(","));
  return params.toString();
}

/**
 * The milestone a new run lands in unless the tester picks another: the top-level milestone due
 * soonest (phases are chosen on purpose, not by default), else the first one listed.
 */
export function defaultMilestoneId(milestones: MilestoneOption[]): string | undefined {
  const top = milestones.filter((m) => !m.parentId);
  const pool = top.length ? top : milestones;
  const dated = pool.filter((m) => m.dueDate).sort((a, b) => Date.parse(a.dueDate!) - Date.parse(b.dueDate!));
  return (dated[0] ?? pool[0])?.id;
}
