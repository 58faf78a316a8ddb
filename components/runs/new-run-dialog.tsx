"use client";

import { useState } from "react";
import { Field, ModalForm, inputClass } from "@/components/ui/modal-form";
import { useApiAction } from "@/components/ui/use-api-action";

type Option = { id: string; name: string };

/** "New run" button and dialog: every run belongs to a milestone and an environment. */
export function NewRunDialog({ projectKey, milestones, environments }: { projectKey: string; milestones: Option[]; environments: Option[] }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, setError } = useApiAction();
  const missing = !milestones.length ? "an active milestone" : !environments.length ? "an environment" : null;

  async function submit(form: FormData) {
    const created = await run("POST", `/api/projects/${projectKey}/test-runs`, {
      name: form.get("name"),
      milestoneId: form.get("milestoneId"),
      environmentId: form.get("environmentId"),
      kind: form.get("kind"),
    });
    if (created) setOpen(false);
  }

  return (
    <>
      <button
        onClick={() => setOpen(true)}
        disabled={!!missing}
        title={missing ? `Create ${missing} first` : undefined}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
      >
        New run
      </button>
      <ModalForm
        open={open}
        title="New test run"
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onSubmit={submit}
        submitLabel="Create run"
        pending={pending}
        error={error}
      >
        <Field label="Name" htmlFor="run-name">
          <input id="run-name" name="name" required placeholder="Regression – Staging" className={inputClass} />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Milestone" htmlFor="run-milestone">
            <select id="run-milestone" name="milestoneId" className={inputClass}>
              {milestones.map((m) => (
                <option key={m.id} value={m.id}>{m.name}</option>
              ))}
            </select>
          </Field>
          <Field label="Environment" htmlFor="run-environment">
            <select id="run-environment" name="environmentId" className={inputClass}>
              {environments.map((e) => (
                <option key={e.id} value={e.id}>{e.name}</option>
              ))}
            </select>
          </Field>
        </div>
        <Field label="Kind" htmlFor="run-kind">
          <select id="run-kind" name="kind" defaultValue="MANUAL" className={inputClass}>
            <option value="MANUAL">Manual</option>
            <option value="EXPLORATORY">Exploratory</option>
            <option value="AUTOMATED">Automated</option>
          </select>
        </Field>
      </ModalForm>
    </>
  );
}
