"use client";

import { useState } from "react";
import { Field, inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { ProjectSettings } from "@/lib/projects/schemas";

const PRIORITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;

/** The go/no-go rules (project ADMIN): what a GO needs, when a milestone is at risk, and the public badge. */
export function ReleaseRulesForm({ projectKey, settings }: { projectKey: string; settings: ProjectSettings }) {
  const { run, pending, error } = useApiWrite();
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="space-y-4"
      data-testid="release-rules-form"
      onChange={() => setSaved(false)}
      // onSubmit, not action: a form action resets the fields, which would flash the old values
      // until the refreshed settings arrive.
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const done = await run("PATCH", `/api/projects/${projectKey}`, {
          settings: {
            passRateThreshold: Number(form.get("passRateThreshold")),
            warningWindowDays: Number(form.get("warningWindowDays")),
            blockingPriorities: PRIORITIES.filter((p) => form.get(`block-${p}`) === "on"),
            publicBadge: form.get("publicBadge") === "on",
            requireCoverage: form.get("requireCoverage") === "on",
          },
        });
        setSaved(Boolean(done));
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Pass-rate threshold (%)" htmlFor="rule-pass-rate" hint="GO needs at least this share of executed entries to pass.">
          <input
            id="rule-pass-rate"
            name="passRateThreshold"
            type="number"
            min={0}
            max={100}
            step={0.1}
            required
            defaultValue={settings.passRateThreshold}
            className={inputClass}
          />
        </Field>
        <Field label="Warning window (days)" htmlFor="rule-window" hint="Within this many days of the due date, incomplete runs make a milestone at risk.">
          <input id="rule-window" name="warningWindowDays" type="number" min={0} max={365} step={1} required defaultValue={settings.warningWindowDays} className={inputClass} />
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Blocking priorities</legend>
        <p className="text-xs text-slate-500">An open failure of these priorities blocks a GO on its own, whatever the pass rate.</p>
        <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
          {PRIORITIES.map((p) => (
            <label key={p} className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name={`block-${p}`} defaultChecked={settings.blockingPriorities.includes(p)} className="h-4 w-4 rounded border-slate-300" />
              {p.charAt(0) + p.slice(1).toLowerCase()}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="publicBadge" defaultChecked={settings.publicBadge} className="mt-0.5 h-4 w-4 rounded border-slate-300" />
        <span>
          Public badge
          <span className="block text-xs text-slate-500">Anyone with a milestone&apos;s badge URL sees its verdict and pass rate, without a key or signed link.</span>
        </span>
      </label>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="requireCoverage" defaultChecked={settings.requireCoverage} className="mt-0.5 h-4 w-4 rounded border-slate-300" />
        <span>
          Require requirement coverage
          <span className="block text-xs text-slate-500">A requirement in a milestone&apos;s scope that failed (NOK) or has no entry (uncovered) blocks a GO.</span>
        </span>
      </label>
      {error && <p role="alert" className="text-sm text-rose-700">{error}</p>}
      <div className="flex items-center gap-3">
        <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Saving…" : "Save rules"}
        </button>
        {saved && <p role="status" className="text-sm text-emerald-700">Saved. Every summary now uses these rules.</p>}
      </div>
    </form>
  );
}
