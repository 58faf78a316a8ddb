"use client";

import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";

/** Lift, with a confirmation step in place: the case's failures block again at once. */
export function LiftQuarantineButton({ projectKey, caseKey }: { projectKey: string; caseKey: string }) {
  const { run, pending, error } = useApiWrite();
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} aria-label={`Lift the quarantine of ${caseKey}`} className="rounded-md px-2 py-1 text-sm text-rose-700 hover:bg-rose-50">
        Lift
      </button>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <span className="text-xs text-slate-600">Its failures will block again.</span>
      <div className="flex gap-1">
        <button type="button" onClick={() => setConfirming(false)} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
          Keep
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => run("DELETE", `/api/projects/${projectKey}/test-cases/${caseKey}/quarantine`)}
          className="rounded-md bg-rose-700 px-2 py-1 text-sm font-semibold text-white hover:bg-rose-600 disabled:opacity-60"
        >
          {pending ? "Lifting…" : "Lift quarantine"}
        </button>
      </div>
      {error && <p role="alert" className="text-xs text-rose-700">{error}</p>}
    </div>
  );
}
