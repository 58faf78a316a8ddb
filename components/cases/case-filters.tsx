"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { titleCase } from "@/components/ui/format";

const PRIORITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
const AUTOMATION = ["MANUAL", "AUTOMATED", "TO_BE_AUTOMATED"] as const;
const TYPING_DELAY_MS = 300;

/**
 * Search and filters of the library. Everything lives in the URL (`q`, `priority`, `tag`,
 * `automation`, `archived`, with `suite` from the tree), so a filtered view can be shared and the
 * back button works. `/` focuses the search box.
 */
export function CaseFilters({ tags }: { tags: { tag: string; count: number }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const search = useRef<HTMLInputElement>(null);
  const priorities = (params.get("priority") ?? "").split(",").filter(Boolean);
  const tag = params.get("tag") ?? "";
  const automation = params.get("automation") ?? "";
  const archived = params.get("archived") === "1";

  function go(change: Record<string, string | null>) {
    const next = new URLSearchParams(params.toString());
    next.delete("cursor");
    for (const [k, v] of Object.entries(change)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  useEffect(() => {
    if (text === (params.get("q") ?? "")) return;
    const timer = setTimeout(() => go({ q: text.trim() || null }), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
    // Only typing schedules a search; `go` reads the latest params itself.
  }, [text]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const el = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)))) return;
      if (e.key === "/") {
        e.preventDefault();
        search.current?.focus();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const togglePriority = (p: string) => {
    const set = new Set(priorities);
    if (set.has(p)) set.delete(p);
    else set.add(p);
    go({ priority: PRIORITIES.filter((x) => set.has(x)).join(",") || null });
  };
  const chip = (active: boolean) =>
    `rounded-full px-2.5 py-1 text-xs ring-1 ring-inset transition ${active ? "bg-slate-900 font-medium text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-200 hover:text-slate-900 hover:ring-slate-300"}`;
  const any = Boolean(params.get("q") || priorities.length || tag || automation || archived);
  const selectClass = "rounded-md border border-slate-300 bg-white py-1 pr-7 pl-2 text-xs text-slate-700 focus:border-indigo-500 focus:outline-none";

  return (
    <div className="space-y-3" data-testid="case-filters">
      <div className="relative">
        <span aria-hidden className="pointer-events-none absolute top-2 left-3 text-slate-500">⌕</span>
        <input
          ref={search}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") go({ q: text.trim() || null });
            if (e.key === "Escape") (e.target as HTMLInputElement).blur();
          }}
          aria-label="Search cases by title, key or preconditions"
          className="block w-full rounded-md border border-slate-300 bg-white py-1.5 pr-16 pl-8 text-sm shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100 focus:outline-none"
        />
        <kbd className="pointer-events-none absolute top-1.5 right-2 rounded border border-slate-200 bg-slate-50 px-1.5 font-mono text-[11px] text-slate-600">/</kbd>
      </div>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Priority">
          <span className="mr-1 text-xs font-medium tracking-wide text-slate-600 uppercase">Priority</span>
          {PRIORITIES.map((p) => (
            <button key={p} type="button" onClick={() => togglePriority(p)} aria-pressed={priorities.includes(p)} className={chip(priorities.includes(p))}>
              {titleCase(p)}
            </button>
          ))}
        </div>
        <label className="flex items-center gap-1.5 text-xs font-medium tracking-wide text-slate-600 uppercase">
          Tag
          <select value={tag} onChange={(e) => go({ tag: e.target.value || null })} className={selectClass} aria-label="Tag">
            <option value="">Any</option>
            {tag && !tags.some((t) => t.tag === tag) && <option value={tag}>{tag}</option>}
            {tags.map((t) => (
              <option key={t.tag} value={t.tag}>
                {t.tag} ({t.count})
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5 text-xs font-medium tracking-wide text-slate-600 uppercase">
          Automation
          <select value={automation} onChange={(e) => go({ automation: e.target.value || null })} className={selectClass} aria-label="Automation">
            <option value="">Any</option>
            {AUTOMATION.map((a) => (
              <option key={a} value={a}>{titleCase(a)}</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5 text-xs text-slate-600">
          <input type="checkbox" checked={archived} onChange={(e) => go({ archived: e.target.checked ? "1" : null })} className="rounded border-slate-300 text-indigo-600" />
          Archived cases
        </label>
        {any && (
          <button
            type="button"
            onClick={() => {
              setText("");
              go({ q: null, priority: null, tag: null, automation: null, archived: null });
            }}
            className="text-xs font-medium text-indigo-600 hover:underline"
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
