"use client";

import { useState } from "react";
import { inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { Environment } from "@/lib/environments/schemas";

/** Add, rename and delete a project's environments (delete is refused while runs use one). */
export function EnvironmentsManager({ projectKey, environments }: { projectKey: string; environments: Environment[] }) {
  const { run, pending, error } = useApiWrite();
  const [editing, setEditing] = useState<string | null>(null);
  const base = `/api/projects/${projectKey}/environments`;

  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="environments">
        {environments.length === 0 && <li className="px-4 py-3 text-sm text-slate-600">No environments yet. Add Staging, QA or Production below.</li>}
        {environments.map((env) => (
          <li key={env.id} className="flex items-center gap-3 px-4 py-2.5">
            {editing === env.id ? (
              <form
                className="flex flex-1 items-center gap-2"
                action={async (form) => {
                  if (await run("PATCH", `${base}/${env.id}`, { name: form.get("name") })) setEditing(null);
                }}
              >
                <input name="name" defaultValue={env.name} aria-label={`New name for ${env.name}`} className={`${inputClass} mt-0`} autoFocus />
                <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white">Save</button>
                <button type="button" onClick={() => setEditing(null)} className="rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100">Cancel</button>
              </form>
            ) : (
              <>
                <span className="flex-1 font-medium text-slate-800">{env.name}</span>
                <button onClick={() => setEditing(env.id)} className="rounded-md px-2 py-1 text-sm text-indigo-600 hover:bg-indigo-50" aria-label={`Rename ${env.name}`}>
                  Rename
                </button>
                <button
                  disabled={pending}
                  onClick={() => confirm(`Delete environment "${env.name}"?`) && run("DELETE", `${base}/${env.id}`)}
                  className="rounded-md px-2 py-1 text-sm text-rose-600 hover:bg-rose-50"
                  aria-label={`Delete ${env.name}`}
                >
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form
        className="flex items-end gap-2"
        action={async (form) => {
          await run("POST", base, { name: form.get("name") });
        }}
      >
        <div className="flex-1">
          <label htmlFor="new-env" className="text-sm font-medium text-slate-700">New environment</label>
          <input id="new-env" name="name" required placeholder="Production" className={inputClass} />
        </div>
        <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          Add environment
        </button>
      </form>
      {error && <p role="alert" className="text-sm text-rose-600">{error}</p>}
    </div>
  );
}
