"use client";

import { useState } from "react";
import { useApiWrite } from "./use-api-write";

/**
 * A DELETE that asks first, in place: the button turns into a warning with Keep and a confirming
 * button, and any refusal shows beside it. Lifting a quarantine and revoking a waiver use it.
 */
export function ConfirmDeleteButton({
  url,
  label,
  ariaLabel,
  warning,
  confirmLabel,
  pendingLabel,
}: {
  url: string;
  /** The button's text, e.g. "Revoke". */
  label: string;
  /** What it acts on, for screen readers: "Revoke the waiver of DEMO-3 on Staging". */
  ariaLabel: string;
  /** What happens once confirmed. */
  warning: string;
  confirmLabel: string;
  pendingLabel: string;
}) {
  const { run, pending, error } = useApiWrite();
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} aria-label={ariaLabel} className="rounded-md px-2 py-1 text-sm text-rose-700 hover:bg-rose-50">
        {label}
      </button>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <span className="text-xs text-slate-600">{warning}</span>
      <div className="flex gap-1">
        <button type="button" onClick={() => setConfirming(false)} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
          Keep
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => run("DELETE", url)}
          className="rounded-md bg-rose-700 px-2 py-1 text-sm font-semibold text-white hover:bg-rose-600 disabled:opacity-60"
        >
          {pending ? pendingLabel : confirmLabel}
        </button>
      </div>
      {error && <p role="alert" className="text-xs text-rose-700">{error}</p>}
    </div>
  );
}
