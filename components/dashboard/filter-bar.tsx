"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

export type FilterOption = { value: string; label: string };
export type FilterDef = { name: string; label: string; allLabel: string; options: FilterOption[] };

/**
 * Select filters kept in the URL (?name=value), so a filtered view can be shared or bookmarked.
 * Changing one navigates at once and starts again at the first page (the cursor is dropped).
 */
export function FilterBar({ filters, testId }: { filters: FilterDef[]; testId?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // The query as last pushed: a second change made before the first navigation finishes builds
  // on it, so quick successive filters never drop one another.
  const latest = useRef(params.toString());
  const [values, setValues] = useState(() => Object.fromEntries(filters.map((f) => [f.name, params.get(f.name) ?? ""])));
  useEffect(() => {
    latest.current = params.toString();
    setValues(Object.fromEntries(filters.map((f) => [f.name, params.get(f.name) ?? ""])));
  }, [params, filters]);

  function change(name: string, value: string) {
    setValues((v) => ({ ...v, [name]: value }));
    const next = new URLSearchParams(latest.current);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("cursor");
    const qs = next.toString();
    latest.current = qs;
    router.push(qs ? `${pathname}?${qs}` : pathname);
  }

  const active = filters.some((f) => values[f.name]);
  return (
    <form className="flex flex-wrap items-end gap-3 print:hidden" data-testid={testId} onSubmit={(e) => e.preventDefault()}>
      {filters.map((f) => (
        <label key={f.name} className="flex flex-col text-xs font-medium text-slate-600">
          {f.label}
          <select
            name={f.name}
            value={values[f.name] ?? ""}
            onChange={(e) => change(f.name, e.target.value)}
            className="mt-1 min-w-40 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100 focus:outline-none"
          >
            <option value="">{f.allLabel}</option>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ))}
      {active && (
        <button type="button" onClick={() => {
            latest.current = "";
            setValues({});
            router.push(pathname);
          }} className="rounded-md px-2 py-1.5 text-sm text-indigo-600 hover:bg-indigo-50">
          Clear filters
        </button>
      )}
    </form>
  );
}
