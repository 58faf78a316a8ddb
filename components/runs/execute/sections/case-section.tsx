"use client";

import { TotpCode } from "@/components/authenticators/totp-code";
import { PriorityChip, StatusChip } from "@/components/ui/chips";
import { Kbd } from "@/components/ui/kbd";
import { Markdown } from "@/components/ui/markdown";
import { useExecute } from "../execute-provider";

/** The case being executed: key, title, version, tags, two-factor codes and preconditions. */
export function CaseSection() {
  const { data, copiedCode, refs } = useExecute();
  const { entry, projectKey } = data;
  return (
    <>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono text-xs font-semibold text-slate-600" data-testid="case-key">{entry.caseKey}</span>
        <PriorityChip priority={entry.priority} />
        <StatusChip status={entry.status} />
        {entry.suitePath && <span className="truncate text-xs text-slate-600">{entry.suitePath}</span>}
      </div>
      <h1 className="mt-1.5 text-2xl font-bold tracking-tight break-words text-slate-900" data-testid="case-title">{entry.title}</h1>
      <p className="mt-1 text-xs text-slate-600">
        Version {entry.caseVersion}
        {entry.latestVersion !== entry.caseVersion && (
          <span className="ml-1 text-amber-800">(the case is now at version {entry.latestVersion}; this run executes the version it was planned with)</span>
        )}
        {entry.assignee && <> · Assigned to {entry.assignee}</>}
        {entry.tags.length > 0 && (
          <span className="ml-2 inline-flex flex-wrap gap-1 align-middle">
            {entry.tags.map((t) => (
              <span key={t} className="rounded bg-slate-100 px-1.5 py-px text-[11px] text-slate-700">{t}</span>
            ))}
          </span>
        )}
      </p>

      {data.tokens.length > 0 && (
        <section className="mt-5" aria-labelledby="totp-heading">
          <div className="flex items-baseline justify-between">
            <h2 id="totp-heading" className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Two-factor code</h2>
            <span className="text-xs text-slate-600">
              {copiedCode ? <span className="text-emerald-700">Copied to the clipboard</span> : <><Kbd>Y</Kbd> copies the code</>}
            </span>
          </div>
          <div ref={refs.tokens} className={`mt-1.5 grid gap-2 ${data.tokens.length > 1 ? "sm:grid-cols-2" : ""}`}>
            {data.tokens.map((t) => (
              <TotpCode key={t.id} projectKey={projectKey} token={t} compact />
            ))}
          </div>
        </section>
      )}

      <section className="mt-5" aria-labelledby="pre-heading">
        <h2 id="pre-heading" className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Preconditions</h2>
        <div className="mt-1.5 rounded-lg border border-amber-200/70 bg-amber-50/50 px-4 py-3 text-sm text-slate-800">
          {entry.preconditions.trim() ? <Markdown source={entry.preconditions} /> : <span className="text-slate-600">None.</span>}
        </div>
      </section>
    </>
  );
}
