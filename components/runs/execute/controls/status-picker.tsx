"use client";

import { STATUS_TONES } from "@/components/ui/chips";
import { Kbd } from "@/components/ui/kbd";
import { OVERALL } from "../execute-format";
import { useExecute } from "../execute-provider";

/** The overall status as a radio group; a suggestion from the steps shows until a key confirms it. */
export function StatusPicker() {
  const { writable, effective, status, setStatus } = useExecute();
  return (
    <fieldset disabled={!writable}>
      <legend className="text-sm font-semibold text-slate-900">Result</legend>
      <div className="mt-2 grid grid-cols-5 gap-1.5" role="radiogroup" aria-label="Overall status">
        {OVERALL.map((o) => {
          const on = effective === o.status;
          return (
            <button
              key={o.status}
              type="button"
              role="radio"
              aria-checked={on}
              onClick={() => setStatus(o.status)}
              className={`flex min-w-0 flex-col items-center gap-1 rounded-lg px-1 py-2 text-xs font-medium ring-1 ring-inset transition ${
                on ? STATUS_TONES[o.status].solid + " shadow-sm" : "bg-white text-slate-700 ring-slate-200 hover:ring-slate-300"
              } ${on && !status ? "ring-2 ring-offset-1" : ""}`}
            >
              <span className="max-w-full truncate">{o.label}</span>
              <Kbd dark={on}>{o.key}</Kbd>
            </button>
          );
        })}
      </div>
      {!status && effective && <p className="mt-1 text-xs text-slate-600">Suggested from the steps; press a key to confirm or change.</p>}
    </fieldset>
  );
}
