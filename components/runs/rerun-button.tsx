"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";

/** Creates a run of this run's FAILED and BLOCKED entries (same milestone and environment) and opens it. */
export function RerunButton({ projectKey, runId, failures }: { projectKey: string; runId: string; failures: number }) {
  const router = useRouter();
  const { send } = useApiWrite();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function rerun() {
    setPending(true);
    setError(null);
    const res = await send<{ id: string }>("POST", `/api/projects/${projectKey}/test-runs/${runId}/rerun`);
    if (!res.ok) {
      setError(res.message);
      setPending(false);
      return;
    }
    router.push(`/projects/${projectKey}/runs/${res.data.id}`);
  }
  return (
    <div className="flex flex-col items-end">
      <button
        type="button"
        onClick={rerun}
        disabled={pending}
        className="inline-flex items-center gap-2 rounded-md bg-white px-3 py-2 text-sm font-semibold text-rose-700 shadow-sm ring-1 ring-rose-200 ring-inset hover:bg-rose-50 disabled:opacity-60"
        title="A new run in the same milestone and environment with only the failed and blocked entries"
      >
        <span aria-hidden>↻</span>
        {pending ? "Creating…" : `Re-run failures (${failures})`}
      </button>
      {error && <span role="alert" className="mt-1 text-xs text-rose-600">{error}</span>}
    </div>
  );
}
