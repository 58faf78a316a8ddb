"use client";

import { useCallback, useEffect, useState } from "react";
import { getJson, useApiWrite } from "@/components/ui/use-api-write";
import type { DefectLink } from "@/lib/defects/schemas";
import type { JiraProjectSettings } from "@/lib/jira/schemas";
import { DefectStatus } from "./defect-status";

/**
 * The entry's linked defects with their tracker status (read again from Jira when stale), and
 * "File in Jira" for a FAILED or BLOCKED entry: one click creates the issue and links it.
 */
export function FileDefectButton({
  projectKey,
  runId,
  entryId,
  entryStatus,
  canWrite,
}: {
  projectKey: string;
  runId: string;
  entryId: string;
  entryStatus: string;
  canWrite: boolean;
}) {
  const base = `/api/projects/${projectKey}/test-runs/${runId}/entries/${entryId}/defects`;
  const { send } = useApiWrite();
  const [defects, setDefects] = useState<DefectLink[] | null>(null);
  const [jira, setJira] = useState<JiraProjectSettings | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [list, settings] = await Promise.all([
      getJson<{ data: DefectLink[] }>(base),
      getJson<JiraProjectSettings>(`/api/projects/${projectKey}/jira`),
    ]);
    if (list.ok) setDefects(list.data.data);
    if (settings.ok) setJira(settings.data);
  }, [base, projectKey]);

  useEffect(() => {
    void load();
  }, [load]);

  const failing = entryStatus === "FAILED" || entryStatus === "BLOCKED";
  const ready = !!jira?.jiraConfigured && !!jira.jiraProjectKey;
  // Filed from this entry already: the link is listed below.
  const filed = !!defects?.some((d) => d.tracker === "JIRA" && d.entryId === entryId);

  async function file() {
    setPending(true);
    setError(null);
    const res = await send<DefectLink>("POST", `${base}/jira`, {});
    setPending(false);
    if (!res.ok) return setError(res.message);
    await load();
  }

  if (!defects || (!defects.length && !failing)) return null;
  return (
    <section className="mt-6" aria-labelledby="defects-heading" data-testid="entry-defects">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="defects-heading" className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Defects</h2>
        {failing && canWrite && ready && !filed && (
          <button
            type="button"
            onClick={file}
            disabled={pending}
            className="inline-flex items-center gap-1.5 rounded-md bg-slate-900 px-2.5 py-1.5 text-xs font-semibold text-white shadow-sm hover:bg-slate-700 disabled:opacity-50"
          >
            {pending ? "Filing…" : `File defect in Jira (${jira!.jiraProjectKey})`}
          </button>
        )}
      </div>
      {failing && canWrite && jira && !ready && (
        <p className="mt-1.5 text-xs text-slate-600">
          {jira.jiraConfigured
            ? "To file defects in Jira, a project admin sets the Jira project key in the project's settings."
            : "To file defects in Jira from here, an instance admin connects Jira under Admin → Integrations."}
        </p>
      )}
      {error && (
        <p role="alert" className="mt-1.5 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      {defects.length > 0 ? (
        <ul className="mt-1.5 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
          {defects.map((d) => (
            <li key={d.id} className="flex items-center gap-3 px-4 py-2" data-testid="defect">
              <span className="w-12 text-[11px] text-slate-500">{d.tracker === "JIRA" ? "Jira" : d.tracker.charAt(0) + d.tracker.slice(1).toLowerCase()}</span>
              {d.url ? (
                <a href={d.url} target="_blank" rel="noreferrer" className="font-mono text-xs font-medium text-indigo-600 hover:underline">
                  {d.key}
                </a>
              ) : (
                <span className="font-mono text-xs text-slate-700">{d.key}</span>
              )}
              <span className="min-w-0 flex-1 truncate text-slate-600">{d.title}</span>
              <DefectStatus status={d.status} category={d.statusCategory} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1.5 text-sm text-slate-600">No defect linked to this case yet.</p>
      )}
    </section>
  );
}
