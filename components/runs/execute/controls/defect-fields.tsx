"use client";

import { compactInputClass } from "@/components/ui/field";
import { Kbd } from "@/components/ui/kbd";
import { useExecute } from "../execute-provider";
import type { Tracker } from "../types";

/** The defect this attempt found: key, tracker (guessed from the URL until chosen) and URL. */
export function DefectFields() {
  const { defectKey, setDefectKey, defectUrl, setDefectUrl, trackerValue, setTracker, writable, refs } = useExecute();
  return (
    <div className="min-w-0">
      <label htmlFor="defect-key" className="flex items-center justify-between text-xs font-medium text-slate-700">
        Defect <Kbd>D</Kbd>
      </label>
      <div className="mt-1 flex gap-1.5">
        <input
          id="defect-key"
          ref={refs.defect}
          value={defectKey}
          onChange={(e) => setDefectKey(e.target.value)}
          disabled={!writable}
          className={`${compactInputClass} w-28 font-mono`}
          aria-label="Defect key"
        />
        <select value={trackerValue} onChange={(e) => setTracker(e.target.value as Tracker)} disabled={!writable} className={`${compactInputClass} w-auto`} aria-label="Tracker">
          <option value="JIRA">Jira</option>
          <option value="GITHUB">GitHub</option>
          <option value="LINEAR">Linear</option>
          <option value="OTHER">Other</option>
        </select>
      </div>
      <input
        value={defectUrl}
        onChange={(e) => setDefectUrl(e.target.value)}
        disabled={!writable}
        className={`${compactInputClass} mt-1.5`}
        aria-label="Defect URL"
        aria-describedby="defect-hint"
        type="url"
      />
      <p id="defect-hint" className="mt-1 text-[11px] text-slate-600">Key like SHOP-123, and the issue&apos;s link</p>
    </div>
  );
}
