"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

type Option = { id: string; name: string };

const field =
  "rounded-md border border-slate-300 bg-white py-1.5 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100 focus:outline-none";

/** Text search (title or case key) and assignee filter of the run page; both live in the URL. */
export function EntrySearch({ assignees }: { assignees: Option[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [q, setQ] = useState(params.get("q") ?? "");
  const ref = useRef<HTMLInputElement>(null);

  function go(change: Record<string, string | undefined>) {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(change)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  // Typing filters after a short pause; Enter filters at once.
  useEffect(() => {
    if ((params.get("q") ?? "") === q.trim()) return;
    const timer = setTimeout(() => go({ q: q.trim() || undefined }), 300);
    return () => clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const el = e.target as HTMLElement | null;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || (el && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
      e.preventDefault();
      ref.current?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const assignee = params.get("assignee") ?? "";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form
        role="search"
        className="relative"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: q.trim() || undefined });
        }}
      >
        <label htmlFor="entry-q" className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-xs text-slate-500">
          <span aria-hidden>Search</span>
          <span className="sr-only">Search entries by title or case key</span>
        </label>
        <input
          id="entry-q"
          ref={ref}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()}
          className={`${field} w-72 pr-8 pl-16`}
          aria-describedby="entry-q-hint"
          type="search"
        />
        <kbd id="entry-q-hint" className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-slate-300 px-1 font-mono text-[10px] text-slate-500" title="Press / to search">
          /
        </kbd>
      </form>
      <label htmlFor="entry-assignee" className="sr-only">Assignee</label>
      <select
        id="entry-assignee"
        value={assignee}
        onChange={(e) => go({ assignee: e.target.value || undefined })}
        className={`${field} w-52 px-2.5`}
      >
        <option value="">Any assignee</option>
        <option value="me">Assigned to me</option>
        <option value="none">Unassigned</option>
        {assignees.map((a) => (
          <option key={a.id} value={a.id}>{a.name}</option>
        ))}
      </select>
    </div>
  );
}
