"use client";

import { useState } from "react";
import { inputClass } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal-form";
import { useApiWrite } from "@/components/ui/use-api-write";

/** "Edit scope" (TESTER): the requirement keys this milestone must verify, one per line or separated by commas. */
export function ScopeDialog({ projectKey, milestoneId, keys }: { projectKey: string; milestoneId: string; keys: string[] }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, setError } = useApiWrite();
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 print:hidden"
      >
        Edit scope
      </button>
      <ModalForm
        open={open}
        title="Requirements in scope"
        submitLabel="Save scope"
        pending={pending}
        error={error}
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onSubmit={async (form) => {
          const list = String(form.get("keys") ?? "")
            .split(/[\s,;]+/)
            .map((k) => k.trim())
            .filter(Boolean);
          const done = await run("PUT", `/api/projects/${projectKey}/milestones/${milestoneId}/requirements`, { keys: list });
          if (done) setOpen(false);
        }}
      >
        <label className="block text-sm font-medium text-slate-700">
          Requirement keys
          <textarea name="keys" rows={6} defaultValue={keys.join("\n")} className={`${inputClass} mt-1 font-mono`} aria-describedby="scope-hint" />
        </label>
        <p id="scope-hint" className="text-xs text-slate-600">
          One key per line (or separated by commas), like SHOP-12. Every key must name a requirement of this project. Phases have scopes of their own, which count towards their release.
        </p>
      </ModalForm>
    </>
  );
}
