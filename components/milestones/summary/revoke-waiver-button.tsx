"use client";

import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";

/** Revoke, with a confirmation step in place: the failure counts as open again at once. */
export function RevokeWaiverButton({ url, label }: { url: string; label: string }) {
  const { run, pending, error } = useApiWrite();
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} aria-label={label} className="rounded-md px-2 py-1 text-sm text-rose-700 hover:bg-rose-50">
        Revoke
      </button>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <span className="text-xs text-slate-600">The failure will count as open again.</span>
      <div className="flex gap-1">
        <button type="button" onClick={() => setConfirming(false)} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
          Keep
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => run("DELETE", url)}
          className="rounded-md bg-rose-600 px-2 py-1 text-sm font-semibold text-white hover:bg-rose-500 disabled:opacity-60"
        >
          {pending ? "Revoking…" : "Revoke waiver"}
        </button>
      </div>
      {error && <p role="alert" className="text-xs text-rose-700">{error}</p>}
    </div>
  );
}
