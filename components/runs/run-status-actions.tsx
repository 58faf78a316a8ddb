"use client";

import { useApiWrite } from "@/components/ui/use-api-write";
import type { RunStatus } from "@/lib/runs/schemas";

/** Start / complete / abort buttons following the run's allowed transitions. */
export function RunStatusActions({ projectKey, runId, runName, status }: { projectKey: string; runId: string; runName: string; status: RunStatus }) {
  const { run, pending, error } = useApiWrite();
  const url = `/api/projects/${projectKey}/test-runs/${runId}`;
  if (status === "COMPLETED" || status === "ABORTED") return null;
  const button = "rounded-md px-2 py-1 text-xs font-medium disabled:opacity-50";
  return (
    <div className="flex items-center justify-end gap-1">
      {status === "PLANNED" && (
        <button disabled={pending} onClick={() => run("PATCH", url, { status: "IN_PROGRESS" })} className={`${button} text-amber-700 hover:bg-amber-50`} aria-label={`Start ${runName}`}>
          Start
        </button>
      )}
      <button disabled={pending} onClick={() => run("POST", `${url}/complete`)} className={`${button} text-emerald-700 hover:bg-emerald-50`} aria-label={`Complete ${runName}`}>
        Complete
      </button>
      <button
        disabled={pending}
        onClick={() => confirm(`Abort "${runName}"? Aborted runs do not count towards the milestone.`) && run("PATCH", url, { status: "ABORTED" })}
        className={`${button} text-rose-700 hover:bg-rose-50`}
        aria-label={`Abort ${runName}`}
      >
        Abort
      </button>
      {error && <span role="alert" className="text-xs text-rose-600">{error}</span>}
    </div>
  );
}
