"use client";

import { useState } from "react";
import { PriorityChip, StatusChip } from "@/components/ui/chips";
import { errorSentence, getJson } from "@/components/ui/use-api-write";
import type { CompareItem, Comparison } from "@/lib/milestones/compare-schemas";

const LISTS = [
  ["newFailures", "New failures"],
  ["stillFailing", "Still failing"],
  ["fixed", "Fixed"],
  ["notRunNow", "Not run now"],
  ["newlyRun", "Newly run"],
] as const;

/** The cases behind the comparison, loaded when asked for (they can run into the thousands). */
export function CompareDetails({ url }: { url: string }) {
  const [data, setData] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!data) {
    return (
      <div className="mt-3 print:hidden">
        <button
          type="button"
          disabled={pending}
          onClick={async () => {
            setPending(true);
            const res = await getJson<Comparison>(url);
            setPending(false);
            if (res.ok) setData(res.data);
            else setError(errorSentence(res));
          }}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60"
        >
          {pending ? "Loading…" : "Show the cases"}
        </button>
        {error && <p role="alert" className="mt-2 text-sm text-rose-700">{error}</p>}
      </div>
    );
  }
  return (
    <div className="mt-4 space-y-4" data-testid="compare-details">
      {LISTS.map(([key, label]) => (
        <section key={key} aria-label={label}>
          <h3 className="text-sm font-semibold text-slate-900">
            {label} ({data[key].length})
          </h3>
          {data[key].length === 0 ? (
            <p className="text-sm text-slate-600">None.</p>
          ) : (
            <ul className="mt-1 divide-y divide-slate-100">
              {data[key].map((item) => (
                <Row key={`${item.caseId}-${item.environment.id}`} item={item} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

function Row({ item }: { item: CompareItem }) {
  return (
    <li className="flex flex-wrap items-center gap-2 py-1.5 text-sm">
      <PriorityChip priority={item.priority} />
      <span className="font-mono text-xs text-slate-600">{item.caseKey}</span>
      <span className="font-medium text-slate-900">{item.title}</span>
      <span className="text-slate-600">{item.environment.name}</span>
      <span className="ml-auto flex items-center gap-1 text-xs text-slate-600">
        {item.before ? <StatusChip status={item.before} /> : "not run"}
        <span aria-label="then">→</span>
        {item.now ? <StatusChip status={item.now} /> : "not run"}
      </span>
    </li>
  );
}
