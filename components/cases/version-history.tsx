"use client";

import { useState } from "react";
import { PriorityChip } from "@/components/ui/chips";
import { formatDateTime } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import type { CaseVersion } from "@/lib/cases/schemas";

const FIELDS = ["title", "preconditions", "steps", "priority"] as const;

function changed(v: CaseVersion, prev: CaseVersion | undefined): string[] {
  if (!prev) return ["created"];
  return FIELDS.filter((f) => JSON.stringify(v[f]) !== JSON.stringify(prev[f]));
}

/** Every saved version of a case, newest first; pick one to read exactly what it said. */
export function VersionHistory({ versions, current }: { versions: CaseVersion[]; current: number }) {
  const [shown, setShown] = useState<number>(versions[0]?.version ?? current);
  const version = versions.find((v) => v.version === shown);
  return (
    <div className="grid gap-4 md:grid-cols-[14rem_minmax(0,1fr)]" data-testid="version-history">
      <ol className="space-y-1" aria-label="Versions">
        {versions.map((v, i) => {
          const diff = changed(v, versions[i + 1]);
          return (
            <li key={v.version}>
              <button
                type="button"
                onClick={() => setShown(v.version)}
                aria-current={shown === v.version ? "true" : undefined}
                className={`w-full rounded-md px-3 py-2 text-left text-sm ${shown === v.version ? "bg-indigo-50 ring-1 ring-indigo-200 ring-inset" : "hover:bg-slate-50"}`}
              >
                <span className="flex items-center justify-between">
                  <span className="font-semibold text-slate-900">Version {v.version}</span>
                  {v.version === current && <span className="rounded bg-emerald-50 px-1.5 text-[11px] font-medium text-emerald-700">current</span>}
                </span>
                <span className="block text-xs text-slate-600">
                  {formatDateTime(v.createdAt)}
                  {v.editedBy && ` · ${v.editedBy.name}`}
                </span>
                <span className="mt-0.5 block text-xs text-slate-600">{diff.length ? diff.join(", ") : "no content change"}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {version && (
        <article className="rounded-md border border-slate-200 bg-slate-50/50 p-4 text-sm" aria-label={`Version ${version.version}`} data-testid="version-content">
          <div className="flex flex-wrap items-center gap-2">
            <h4 className="font-semibold text-slate-900">{version.title}</h4>
            <PriorityChip priority={version.priority} />
          </div>
          {version.preconditions.trim() && (
            <div className="mt-3">
              <div className="text-xs font-medium tracking-wide text-slate-600 uppercase">Preconditions</div>
              <Markdown source={version.preconditions} className="mt-1 text-slate-700" />
            </div>
          )}
          <div className="mt-3 text-xs font-medium tracking-wide text-slate-600 uppercase">Steps</div>
          {version.steps.length === 0 ? (
            <p className="mt-1 text-slate-600">No steps.</p>
          ) : (
            <ol className="mt-1 space-y-2">
              {version.steps.map((s, i) => (
                <li key={i} className="grid grid-cols-[1.5rem_1fr_1fr] gap-2">
                  <span className="text-xs font-semibold text-slate-500">{i + 1}.</span>
                  <span className="text-slate-800">{s.action}</span>
                  <span className="text-slate-600">{s.expected ? `→ ${s.expected}` : ""}</span>
                </li>
              ))}
            </ol>
          )}
        </article>
      )}
    </div>
  );
}
