"use client";

import { compactInputClass } from "@/components/ui/field";
import { Kbd } from "@/components/ui/kbd";
import { useExecute } from "../execute-provider";

/** Elapsed time: counts from when the entry opened until the tester types over it. */
export function ElapsedField() {
  const { timeText, manualTime, setManualTime, writable, refs } = useExecute();
  return (
    <div>
      <label htmlFor="elapsed" className="flex items-center justify-between text-xs font-medium text-slate-700">
        Elapsed <Kbd>T</Kbd>
      </label>
      <div className="relative mt-1">
        <input
          id="elapsed"
          ref={refs.time}
          value={timeText}
          onChange={(e) => setManualTime(e.target.value)}
          disabled={!writable}
          className={`${compactInputClass} pr-6 font-mono tabular-nums`}
          aria-describedby="elapsed-hint"
        />
        {manualTime === null && writable && <span className="absolute top-1/2 right-2 h-1.5 w-1.5 -translate-y-1/2 animate-pulse rounded-full bg-emerald-500" aria-hidden />}
      </div>
      <p id="elapsed-hint" className="mt-1 text-[11px] text-slate-600">{manualTime === null ? "Running since you opened it" : "Edited"}</p>
    </div>
  );
}
