"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FieldError, fieldClass, useFormApi } from "@/components/cases/form-kit";
import { ModalForm } from "@/components/ui/modal-form";
import { CreateSuiteInput, UpdateSuiteInput, type DeletedSuite, type Suite } from "@/lib/suites/schemas";

export type SuiteNode = Pick<Suite, "id" | "name" | "parentId" | "depth" | "path" | "caseCount">;

type Dialog =
  | { kind: "create"; parentId: string | null }
  | { kind: "rename"; suite: SuiteNode }
  | { kind: "move"; suite: SuiteNode }
  | { kind: "delete"; suite: SuiteNode };

/** Each suite's active cases including those of its sub-suites, and its descendants (the list is depth-first). */
export function subtreeStats(suites: SuiteNode[]) {
  const stats = new Map<string, { cases: number; descendants: string[] }>();
  suites.forEach((s, i) => {
    let cases = s.caseCount;
    const descendants: string[] = [];
    for (let j = i + 1; j < suites.length && suites[j].depth > s.depth; j++) {
      cases += suites[j].caseCount;
      descendants.push(suites[j].id);
    }
    stats.set(s.id, { cases, descendants });
  });
  return stats;
}

/**
 * The suite tree of the library: "All cases" and every suite with its case count (sub-suites
 * included). Testers create, rename, move and reorder suites; admins delete them (their cases
 * are archived, which the confirmation says).
 */
export function SuiteTree({
  projectKey,
  suites,
  selected,
  query,
  totalCases,
  canWrite,
  canDelete,
}: {
  projectKey: string;
  suites: SuiteNode[];
  /** The selected suite's id, or null for all cases. */
  selected: string | null;
  /** The library's other filters as a query string, kept when another suite is picked. */
  query: string;
  totalCases: number;
  canWrite: boolean;
  canDelete: boolean;
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [menu, setMenu] = useState<string | null>(null);
  const { send, pending, error, fields, reset, setError } = useFormApi();
  const stats = subtreeStats(suites);
  const base = `/projects/${projectKey}/cases`;
  const api = `/api/projects/${projectKey}/suites`;
  const href = (suiteId: string | null) => {
    const params = new URLSearchParams(query);
    if (suiteId) params.set("suite", suiteId);
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  };
  const siblings = (s: SuiteNode) => suites.filter((x) => x.parentId === s.parentId);

  function close() {
    setDialog(null);
    reset();
  }

  async function move(s: SuiteNode, by: -1 | 1) {
    setMenu(null);
    const index = siblings(s).findIndex((x) => x.id === s.id);
    if (index + by < 0 || index + by >= siblings(s).length) return;
    await send("PATCH", `${api}/${s.id}`, { position: index + by });
  }

  async function submit(form: FormData) {
    if (!dialog) return;
    if (dialog.kind === "create") {
      const body = { name: String(form.get("name") ?? ""), parentId: (form.get("parentId") as string) || null };
      const created = await send<Suite>("POST", api, body, CreateSuiteInput);
      if (created) {
        close();
        router.push(href(created.id));
      }
    } else if (dialog.kind === "rename") {
      if (await send("PATCH", `${api}/${dialog.suite.id}`, { name: String(form.get("name") ?? "") }, UpdateSuiteInput)) close();
    } else if (dialog.kind === "move") {
      if (await send("PATCH", `${api}/${dialog.suite.id}`, { parentId: (form.get("parentId") as string) || null }, UpdateSuiteInput)) close();
    } else {
      const deleted = await send<DeletedSuite>("DELETE", `${api}/${dialog.suite.id}`);
      if (deleted) {
        const gone = [dialog.suite.id, ...(stats.get(dialog.suite.id)?.descendants ?? [])];
        close();
        if (selected && gone.includes(selected)) router.push(href(null));
      }
    }
  }

  const rowClass = (active: boolean) =>
    `group flex items-center gap-1 rounded-md pr-1 text-sm ${active ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-700 hover:bg-slate-100"}`;

  return (
    <nav aria-label="Suites" className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm" data-testid="suite-tree">
      <div className="flex items-center justify-between px-2 pt-1 pb-2">
        <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Suites</h2>
        {canWrite && (
          <button
            type="button"
            onClick={() => setDialog({ kind: "create", parentId: null })}
            className="rounded px-1.5 py-0.5 text-xs font-medium text-indigo-600 hover:bg-indigo-50"
          >
            + New suite
          </button>
        )}
      </div>
      <ul className="space-y-0.5">
        <li className={rowClass(selected === null)}>
          <Link href={href(null)} className="flex min-w-0 flex-1 items-center gap-2 px-2 py-1.5" aria-current={selected === null ? "page" : undefined}>
            <span aria-hidden className="text-slate-500">▤</span>
            <span className="truncate">All cases</span>
            <span className="ml-auto text-xs tabular-nums text-slate-600">{totalCases}</span>
          </Link>
        </li>
        {suites.map((s) => {
          const index = siblings(s).findIndex((x) => x.id === s.id);
          const count = stats.get(s.id)?.cases ?? 0;
          return (
            <li key={s.id} className={`${rowClass(selected === s.id)} relative`} data-testid="suite-node" data-suite={s.path.join(" / ")}>
              <Link
                href={href(s.id)}
                className="flex min-w-0 flex-1 items-center gap-2 py-1.5 pr-1"
                style={{ paddingLeft: `${0.5 + s.depth * 1}rem` }}
                aria-current={selected === s.id ? "page" : undefined}
                title={s.path.join(" / ")}
              >
                <span aria-hidden className="text-slate-500">{s.depth ? "└" : "▸"}</span>
                <span className="truncate">{s.name}</span>
                <span className="ml-auto text-xs tabular-nums text-slate-600">{count}</span>
              </Link>
              {canWrite && (
                <SuiteMenu
                  open={menu === s.id}
                  onToggle={() => setMenu(menu === s.id ? null : s.id)}
                  onClose={() => setMenu(null)}
                  name={s.name}
                  items={[
                    { label: "Add sub-suite", run: () => setDialog({ kind: "create", parentId: s.id }) },
                    { label: "Rename", run: () => setDialog({ kind: "rename", suite: s }) },
                    { label: "Move to…", run: () => setDialog({ kind: "move", suite: s }) },
                    { label: "Move up", run: () => move(s, -1), disabled: index <= 0 },
                    { label: "Move down", run: () => move(s, 1), disabled: index >= siblings(s).length - 1 },
                    ...(canDelete ? [{ label: "Delete…", run: () => setDialog({ kind: "delete", suite: s }), danger: true }] : []),
                  ]}
                />
              )}
            </li>
          );
        })}
      </ul>
      {suites.length === 0 && (
        <p className="px-2 py-3 text-xs text-slate-600">No suites yet. {canWrite ? "Create one to group related cases." : ""}</p>
      )}
      {error && !dialog && (
        <p role="alert" className="mx-2 mt-2 rounded bg-rose-50 px-2 py-1 text-xs text-rose-700" onClick={() => setError(null)}>
          {error}
        </p>
      )}

      <ModalForm
        open={dialog !== null}
        title={
          !dialog
            ? ""
            : dialog.kind === "create"
              ? dialog.parentId
                ? `New sub-suite of ${suites.find((s) => s.id === dialog.parentId)?.name ?? ""}`
                : "New suite"
              : dialog.kind === "rename"
                ? `Rename ${dialog.suite.name}`
                : dialog.kind === "move"
                  ? `Move ${dialog.suite.name}`
                  : `Delete suite “${dialog.suite.name}”?`
        }
        onClose={close}
        onSubmit={submit}
        submitLabel={
          dialog?.kind === "delete"
            ? `Delete and archive ${stats.get(dialog.suite.id)?.cases ?? 0} case${stats.get(dialog.suite.id)?.cases === 1 ? "" : "s"}`
            : dialog?.kind === "create"
              ? "Create suite"
              : dialog?.kind === "move"
                ? "Move"
                : "Save"
        }
        pending={pending}
        error={error}
      >
        {dialog?.kind === "create" && (
          <>
            <label className="block text-sm font-medium text-slate-700">
              Name
              <input name="name" required autoFocus className={fieldClass("name" in fields)} aria-invalid={"name" in fields} />
            </label>
            <FieldError fields={fields} name="name" />
            <ParentSelect suites={suites} exclude={[]} defaultValue={dialog.parentId} fields={fields} />
          </>
        )}
        {dialog?.kind === "rename" && (
          <>
            <label className="block text-sm font-medium text-slate-700">
              Name
              <input name="name" required autoFocus defaultValue={dialog.suite.name} className={fieldClass("name" in fields)} aria-invalid={"name" in fields} />
            </label>
            <FieldError fields={fields} name="name" />
          </>
        )}
        {dialog?.kind === "move" && (
          <ParentSelect
            suites={suites}
            exclude={[dialog.suite.id, ...(stats.get(dialog.suite.id)?.descendants ?? [])]}
            defaultValue={dialog.suite.parentId}
            fields={fields}
          />
        )}
        {dialog?.kind === "delete" && (
          <div className="space-y-2 text-sm text-slate-700" data-testid="delete-suite-warning">
            <p>
              This deletes <strong>{dialog.suite.path.join(" / ")}</strong>
              {(stats.get(dialog.suite.id)?.descendants.length ?? 0) > 0 &&
                ` and its ${stats.get(dialog.suite.id)?.descendants.length} sub-suite${stats.get(dialog.suite.id)?.descendants.length === 1 ? "" : "s"}`}
              .
            </p>
            <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
              Its {stats.get(dialog.suite.id)?.cases ?? 0} active case{stats.get(dialog.suite.id)?.cases === 1 ? "" : "s"} will be <strong>archived</strong>, not
              lost: runs keep their results, and you can restore them from <em>Archived cases</em> and move them to another suite.
            </p>
          </div>
        )}
      </ModalForm>
    </nav>
  );
}

function ParentSelect({ suites, exclude, defaultValue, fields }: { suites: SuiteNode[]; exclude: string[]; defaultValue: string | null; fields: Record<string, string> }) {
  return (
    <>
      <label className="block text-sm font-medium text-slate-700">
        Parent suite
        <select name="parentId" defaultValue={defaultValue ?? ""} className={fieldClass("parentId" in fields)}>
          <option value="">(top level)</option>
          {suites
            .filter((s) => !exclude.includes(s.id))
            .map((s) => (
              <option key={s.id} value={s.id}>
                {"\u00a0\u00a0".repeat(s.depth)}
                {s.name}
              </option>
            ))}
        </select>
      </label>
      <FieldError fields={fields} name="parentId" />
    </>
  );
}

type MenuItem = { label: string; run: () => void; disabled?: boolean; danger?: boolean };

/** A small actions menu: opens on click, closes on Escape or a click elsewhere; arrow keys move. */
function SuiteMenu({ open, onToggle, onClose, name, items }: { open: boolean; onToggle: () => void; onClose: () => void; name: string; items: MenuItem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector<HTMLButtonElement>("[role=menuitem]:not([disabled])")?.focus();
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) closeRef.current();
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);
  function onKey(e: React.KeyboardEvent) {
    if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]:not([disabled])") ?? [])];
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      buttons[(at + (e.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length]?.focus();
    }
  }
  return (
    <div ref={ref} className="relative" onKeyDown={onKey}>
      <button
        type="button"
        onClick={onToggle}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Actions for suite ${name}`}
        className={`rounded px-1.5 py-0.5 text-slate-500 hover:bg-white hover:text-slate-700 focus:opacity-100 ${open ? "opacity-100" : "opacity-0 group-hover:opacity-100"}`}
      >
        ⋯
      </button>
      {open && (
        <div role="menu" aria-label={`Suite ${name}`} className="absolute right-0 z-20 mt-1 w-44 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              disabled={item.disabled}
              onClick={() => {
                onClose();
                item.run();
              }}
              className={`block w-full px-3 py-1.5 text-left disabled:cursor-not-allowed disabled:text-slate-500 ${item.danger ? "text-rose-600 hover:bg-rose-50" : "text-slate-700 hover:bg-slate-50"}`}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
