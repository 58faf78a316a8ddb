"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { FieldError, fieldClass, parseTagList, useFormApi } from "@/components/cases/form-kit";
import { NewRunDialog } from "@/components/runs/new-run-dialog";
import { PriorityChip } from "@/components/ui/chips";
import { titleCase } from "@/components/ui/format";
import { ModalForm } from "@/components/ui/modal-form";
import { BulkCaseInput, type BulkOutcome, type TestCase } from "@/lib/cases/schemas";
import type { SuiteNode } from "@/components/suites/suite-tree";

export type CaseRow = Pick<TestCase, "id" | "key" | "title" | "priority" | "type" | "tags" | "automationStatus" | "automationKey" | "suite" | "archived">;
type Option = { id: string; name: string };

const AUTOMATION_TONES: Record<string, string> = {
  MANUAL: "bg-slate-50 text-slate-600 ring-slate-200",
  AUTOMATED: "bg-cyan-50 text-cyan-700 ring-cyan-200",
  TO_BE_AUTOMATED: "bg-amber-50 text-amber-800 ring-amber-200",
};

export function AutomationChip({ status, automationKey }: { status: string; automationKey?: string | null }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${AUTOMATION_TONES[status] ?? AUTOMATION_TONES.MANUAL}`}
      title={automationKey ? `Automated test: ${automationKey}` : undefined}
    >
      {status === "AUTOMATED" && <span aria-hidden>⚙</span>}
      {titleCase(status)}
    </span>
  );
}

export function TagList({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {tags.map((t) => (
        <span key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-600">#{t}</span>
      ))}
    </span>
  );
}

/**
 * The library's case list with multi-select: move, retag, archive (or restore) the selected cases
 * at once, or plan a run from them. Escape clears the selection.
 */
export function CaseTable({
  projectKey,
  cases,
  suites,
  canWrite,
  archivedView,
  showSuite,
  plan,
}: {
  projectKey: string;
  cases: CaseRow[];
  suites: SuiteNode[];
  canWrite: boolean;
  archivedView: boolean;
  showSuite: boolean;
  plan: { milestones: (Option & { dueDate?: string | null; parentId?: string | null })[]; environments: Option[]; tags: string[] } | null;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<"move" | "retag" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { send, pending, error, fields, reset, setError } = useFormApi();
  const visible = cases.map((c) => c.id).join(",");

  useEffect(() => {
    const ids = new Set(visible.split(","));
    setSelected((s) => s.filter((id) => ids.has(id)));
  }, [visible]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === "Escape" && !document.querySelector("dialog[open]")) setSelected([]);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const all = cases.length > 0 && selected.length === cases.length;
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const api = `/api/projects/${projectKey}/test-cases/bulk`;

  async function bulk(body: Record<string, unknown>, done: (o: BulkOutcome) => string) {
    setNotice(null);
    const outcome = await send<BulkOutcome>("POST", api, { ...body, caseIds: selected }, BulkCaseInput);
    if (outcome) {
      setNotice(done(outcome));
      setSelected([]);
      setDialog(null);
    }
    return outcome;
  }

  async function submitDialog(form: FormData) {
    if (dialog === "move") {
      const suiteId = (form.get("suiteId") as string) || null;
      const name = suiteId ? suites.find((s) => s.id === suiteId)?.path.join(" / ") : "no suite";
      await bulk({ action: "move", suiteId }, (o) => `Moved ${o.caseIds.length} case${o.caseIds.length === 1 ? "" : "s"} to ${name}.`);
    } else if (dialog === "retag") {
      await bulk(
        { action: "retag", addTags: parseTagList(String(form.get("addTags") ?? "")), removeTags: parseTagList(String(form.get("removeTags") ?? "")) },
        (o) => `Retagged ${o.caseIds.length} case${o.caseIds.length === 1 ? "" : "s"} (${o.changed} changed).`,
      );
    }
  }

  const n = selected.length;
  const plural = `${n} case${n === 1 ? "" : "s"}`;
  const barButton = "rounded-md bg-white/10 px-2.5 py-1 text-sm font-medium text-white hover:bg-white/20 disabled:opacity-50";

  return (
    <div>
      {notice && (
        <p role="status" className="mb-2 flex items-center justify-between rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
          {notice}
          <button type="button" onClick={() => setNotice(null)} className="text-emerald-700 hover:text-emerald-900" aria-label="Dismiss">✕</button>
        </p>
      )}
      {error && !dialog && (
        <p role="alert" className="mb-2 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700" onClick={() => setError(null)}>
          {error}
          {Object.entries(fields).map(([f, m]) => (
            <span key={f} className="block text-xs">{f}: {m}</span>
          ))}
        </p>
      )}
      {canWrite && n > 0 && (
        <div className="sticky top-2 z-10 mb-2 flex flex-wrap items-center gap-2 rounded-lg bg-slate-900 px-3 py-2 text-sm text-white shadow-lg" data-testid="bulk-bar" role="toolbar" aria-label="Selected cases">
          <span className="mr-2 font-semibold">{n} selected</span>
          {!archivedView && (
            <>
              <button type="button" className={barButton} onClick={() => setDialog("move")}>Move…</button>
              <button type="button" className={barButton} onClick={() => setDialog("retag")}>Retag…</button>
              <button
                type="button"
                className={barButton}
                disabled={pending}
                onClick={() => bulk({ action: "archive" }, (o) => `Archived ${o.changed} case${o.changed === 1 ? "" : "s"}. Find them under “Archived cases”.`)}
              >
                Archive
              </button>
              {plan && (
                <NewRunDialog
                  projectKey={projectKey}
                  milestones={plan.milestones}
                  environments={plan.environments}
                  caseIds={selected}
                  suites={suites}
                  tags={plan.tags}
                  label="Plan run from selection"
                />
              )}
            </>
          )}
          {archivedView && (
            <button type="button" className={barButton} disabled={pending} onClick={() => bulk({ action: "restore" }, (o) => `Restored ${o.changed} case${o.changed === 1 ? "" : "s"}.`)}>
              Restore
            </button>
          )}
          <button type="button" className="ml-auto text-xs text-slate-300 hover:text-white" onClick={() => setSelected([])}>
            Clear selection <kbd className="ml-1 rounded bg-white/10 px-1 font-mono">Esc</kbd>
          </button>
        </div>
      )}

      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-sm" data-testid="cases">
          <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase">
            <tr>
              {canWrite && (
                <th className="w-10 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label="Select all cases on this page"
                    checked={all}
                    ref={(el) => {
                      if (el) el.indeterminate = n > 0 && !all;
                    }}
                    onChange={() => setSelected(all ? [] : cases.map((c) => c.id))}
                    className="rounded border-slate-300 text-indigo-600"
                  />
                </th>
              )}
              <th className="w-24 px-3 py-2">Key</th>
              <th className="px-3 py-2">Title</th>
              <th className="w-24 px-3 py-2">Priority</th>
              <th className="w-28 px-3 py-2">Type</th>
              <th className="w-36 px-3 py-2">Automation</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {cases.map((c) => {
              const isSelected = selected.includes(c.id);
              return (
                <tr key={c.id} className={`group ${isSelected ? "bg-indigo-50/70" : "hover:bg-slate-50"}`} data-testid="case-row" data-key={c.key}>
                  {canWrite && (
                    <td className="px-3 py-2.5">
                      <input
                        type="checkbox"
                        aria-label={`Select ${c.key}`}
                        checked={isSelected}
                        onChange={() => toggle(c.id)}
                        className="rounded border-slate-300 text-indigo-600"
                      />
                    </td>
                  )}
                  <td className="px-3 py-2.5 font-mono text-xs whitespace-nowrap text-slate-600">{c.key}</td>
                  <td className="px-3 py-2">
                    <Link href={`/projects/${projectKey}/cases/${c.key}`} className="font-medium text-slate-900 group-hover:text-indigo-700 hover:underline">
                      {c.title}
                    </Link>
                    {((showSuite && c.suite) || c.tags.length > 0) && (
                      <div className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
                        {showSuite && c.suite && <span>{suites.find((s) => s.id === c.suite?.id)?.path.join(" / ") ?? c.suite.name}</span>}
                        {showSuite && c.suite && c.tags.length > 0 && <span className="text-slate-500" aria-hidden>·</span>}
                        <TagList tags={c.tags} />
                      </div>
                    )}
                  </td>
                  <td className="px-3 py-2.5"><PriorityChip priority={c.priority} /></td>
                  <td className="px-3 py-2.5 text-xs text-slate-600">{titleCase(c.type)}</td>
                  <td className="px-3 py-2.5"><AutomationChip status={c.automationStatus} automationKey={c.automationKey} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <ModalForm
        open={dialog !== null}
        title={dialog === "move" ? `Move ${plural}` : `Retag ${plural}`}
        onClose={() => {
          setDialog(null);
          reset();
        }}
        onSubmit={submitDialog}
        submitLabel={dialog === "move" ? "Move" : "Apply tags"}
        pending={pending}
        error={error}
      >
        {dialog === "move" && (
          <>
            <label className="block text-sm font-medium text-slate-700">
              Target suite
              <select name="suiteId" className={fieldClass("suiteId" in fields)} autoFocus>
                <option value="">(no suite)</option>
                {suites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.path.join(" / ")}
                  </option>
                ))}
              </select>
            </label>
            <FieldError fields={fields} name="suiteId" />
          </>
        )}
        {dialog === "retag" && (
          <>
            <label className="block text-sm font-medium text-slate-700">
              Add tags
              <input name="addTags" autoFocus className={fieldClass(Object.keys(fields).some((f) => f.startsWith("addTags")))} aria-describedby="tags-hint" />
            </label>
            <FieldError fields={fields} name="addTags" />
            <label className="block text-sm font-medium text-slate-700">
              Remove tags
              <input name="removeTags" className={fieldClass(Object.keys(fields).some((f) => f.startsWith("removeTags")))} aria-describedby="tags-hint" />
            </label>
            <FieldError fields={fields} name="removeTags" />
            <p id="tags-hint" className="text-xs text-slate-600">Separate tags with commas. Cases keep their other tags.</p>
          </>
        )}
      </ModalForm>
    </div>
  );
}
