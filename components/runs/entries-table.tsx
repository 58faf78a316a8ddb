"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { TableHead, cell } from "@/components/ui/table";
import type { RunEntry } from "@/lib/entries/schemas";
import { PriorityChip, StatusChip } from "@/components/ui/chips";

type Group = { path: string; entries: RunEntry[] };
type Option = { id: string; name: string };

function initials(name: string): string {
  return name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}

function relative(iso: string | null): string | null {
  if (!iso) return null;
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/**
 * The run's entries grouped by suite. Testers select entries (one by one, a whole suite, or
 * everything shown) and assign them in bulk, or assign every entry of the run at once.
 */
export function EntriesTable({
  groups,
  base,
  apiBase,
  assignees,
  canAssign,
  total,
}: {
  groups: Group[];
  base: string;
  apiBase: string;
  assignees: Option[];
  canAssign: boolean;
  total: number;
}) {
  const router = useRouter();
  const { send } = useApiWrite();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [assignee, setAssignee] = useState<string>("");
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const shown = useMemo(() => groups.flatMap((g) => g.entries.map((e) => e.id)), [groups]);
  // Entries that left the list (filters, refresh) leave the selection too.
  const live = useMemo(() => new Set(shown.filter((id) => selected.has(id))), [shown, selected]);

  function toggle(ids: string[], on: boolean) {
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  async function assign(body: { entryIds: string[] } | { all: true }, assigneeId: string | null) {
    setPending(true);
    setMessage(null);
    const res = await send<{ updated: number }>("POST", `${apiBase}/entries/assign`, { ...body, assigneeId });
    setPending(false);
    if (!res.ok) {
      setMessage({ tone: "error", text: res.message });
      return;
    }
    const n = `${res.data.updated} ${res.data.updated === 1 ? "entry" : "entries"}`;
    setMessage({ tone: "ok", text: assigneeId ? `${n} assigned to ${assignees.find((a) => a.id === assigneeId)?.name ?? "the tester"}.` : `${n} unassigned.` });
    setSelected(new Set());
    router.refresh();
  }

  const allShown = shown.length > 0 && live.size === shown.length;
  const checkbox = "h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500";

  return (
    <div>
      {canAssign && (
        <div
          className={`mb-2 flex flex-wrap items-center gap-2 rounded-lg border px-3 py-2 text-sm transition ${live.size ? "border-indigo-200 bg-indigo-50/70" : "border-slate-200 bg-white"}`}
          data-testid="bulk-assign"
        >
          <span className="font-medium text-slate-700 tabular-nums">{live.size ? `${live.size} selected` : "Assign"}</span>
          <label htmlFor="bulk-assignee" className="text-slate-600">to</label>
          <select
            id="bulk-assignee"
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100 focus:outline-none"
          >
            <option value="">Choose a tester…</option>
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>{a.name}</option>
            ))}
          </select>
          <button
            type="button"
            disabled={pending || live.size === 0 || !assignee}
            onClick={() => assign({ entryIds: [...live] }, assignee)}
            className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-40"
          >
            Assign selected
          </button>
          <button
            type="button"
            disabled={pending || total === 0 || !assignee}
            onClick={() =>
              confirm(`Assign all ${total} entries of this run to ${assignees.find((a) => a.id === assignee)?.name ?? "this tester"}?`) && assign({ all: true }, assignee)
            }
            className="rounded-md px-3 py-1 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-50 disabled:opacity-40"
          >
            Assign all {total}
          </button>
          <button
            type="button"
            disabled={pending || live.size === 0}
            onClick={() => assign({ entryIds: [...live] }, null)}
            className="rounded-md px-3 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-40"
          >
            Unassign selected
          </button>
          {live.size > 0 && (
            <button type="button" onClick={() => setSelected(new Set())} className="text-xs text-slate-600 hover:text-slate-800">
              Clear selection
            </button>
          )}
          {message && (
            <span role={message.tone === "error" ? "alert" : "status"} className={`ml-auto text-xs ${message.tone === "error" ? "text-rose-600" : "text-emerald-700"}`}>
              {message.text}
            </span>
          )}
        </div>
      )}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-sm" data-testid="entries">
          <TableHead>
            {canAssign && (
              <th className="w-10 px-4 py-2">
                <input
                  type="checkbox"
                  className={checkbox}
                  checked={allShown}
                  onChange={(e) => toggle(shown, e.target.checked)}
                  aria-label="Select every entry shown"
                />
              </th>
            )}
            <th className="w-28 px-4 py-2">Case</th>
            <th className={cell()}>Title</th>
            <th className="w-24 px-4 py-2">Priority</th>
            <th className="w-44 px-4 py-2">Assignee</th>
            <th className="w-48 px-4 py-2">Status</th>
          </TableHead>
          {groups.map((g) => {
            const ids = g.entries.map((e) => e.id);
            const groupOn = ids.every((id) => live.has(id));
            const counts = g.entries.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }), {});
            const done = g.entries.filter((e) => e.status !== "UNTESTED" && e.status !== "RETEST").length;
            return (
              <tbody key={g.path || "(none)"} className="divide-y divide-slate-100 border-t border-slate-200">
                <tr className="bg-slate-50/70">
                  {canAssign && (
                    <td className="px-4 py-1.5">
                      <input
                        type="checkbox"
                        className={checkbox}
                        checked={groupOn}
                        onChange={(e) => toggle(ids, e.target.checked)}
                        aria-label={`Select the entries of ${g.path || "no suite"}`}
                      />
                    </td>
                  )}
                  <th colSpan={5} scope="colgroup" className="px-4 py-1.5 text-left text-xs font-semibold text-slate-600">
                    <span className="inline-flex items-center gap-2">
                      <span className="text-slate-500" aria-hidden>▸</span>
                      {g.path || "No suite"}
                      <span className="font-normal text-slate-500 tabular-nums">
                        {done}/{g.entries.length}
                      </span>
                      {(counts.FAILED ?? 0) > 0 && <span className="rounded-full bg-rose-100 px-1.5 text-[10px] font-semibold text-rose-700">{counts.FAILED} failed</span>}
                      {(counts.BLOCKED ?? 0) > 0 && <span className="rounded-full bg-amber-100 px-1.5 text-[10px] font-semibold text-amber-800">{counts.BLOCKED} blocked</span>}
                    </span>
                  </th>
                </tr>
                {g.entries.map((e) => {
                  const on = live.has(e.id);
                  const when = relative(e.lastResultAt);
                  return (
                    <tr key={e.id} className={`group ${on ? "bg-indigo-50/60" : "hover:bg-indigo-50/30"}`} data-testid="entry-row" data-status={e.status}>
                      {canAssign && (
                        <td className="px-4 py-2.5">
                          <input
                            type="checkbox"
                            className={checkbox}
                            checked={on}
                            onChange={(ev) => toggle([e.id], ev.target.checked)}
                            aria-label={`Select ${e.caseKey}`}
                          />
                        </td>
                      )}
                      <td className="px-4 py-2.5 font-mono text-xs text-slate-600">{e.caseKey}</td>
                      <td className="px-4 py-2.5">
                        <Link href={`${base}/execute/${e.id}`} className="font-medium text-slate-900 group-hover:text-indigo-700 hover:underline">
                          {e.title}
                        </Link>
                        {e.attempts > 1 && <span className="ml-2 text-xs text-slate-500">{e.attempts} attempts</span>}
                        {e.flaky && <span className="ml-2 text-xs font-medium text-amber-700">flaky</span>}
                        {e.quarantined && (
                          <span className="ml-2 text-xs font-medium text-violet-700" data-testid="entry-quarantined" title="Ran while the case was quarantined">
                            quarantined
                          </span>
                        )}
                        {e.rule && (e.status === "FAILED" || e.status === "BLOCKED") && (
                          <p className="mt-0.5 text-xs text-slate-600" data-testid="entry-rule">
                            Known failure: {e.rule.name} → <span className="font-medium text-slate-800">{e.rule.defectKey}</span>
                          </p>
                        )}
                        {e.comment && (e.status === "FAILED" || e.status === "BLOCKED") && (
                          <p className="mt-0.5 line-clamp-2 max-w-xl text-xs whitespace-pre-line text-slate-600" data-testid="entry-comment" title={e.comment}>
                            <span className="sr-only">Comment: </span>“{e.comment}”
                          </p>
                        )}
                      </td>
                      <td className="px-4 py-2.5">
                        <PriorityChip priority={e.priority} />
                      </td>
                      <td className="px-4 py-2.5 text-slate-600">
                        {e.assignee ? (
                          <span className="inline-flex max-w-full items-center gap-2" data-testid="entry-assignee">
                            <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-[11px] font-semibold text-indigo-700" aria-hidden>
                              {initials(e.assignee.name || e.assignee.email)}
                            </span>
                            <span className="truncate">{e.assignee.name || e.assignee.email}</span>
                          </span>
                        ) : (
                          <span className="text-slate-500" data-testid="entry-assignee">Unassigned</span>
                        )}
                      </td>
                      <td className="px-4 py-2.5">
                        <span className="inline-flex items-center gap-2">
                          <StatusChip status={e.status} />
                          {when && <span className="text-[11px] whitespace-nowrap text-slate-500">{when}</span>}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            );
          })}
        </table>
      </div>
    </div>
  );
}
