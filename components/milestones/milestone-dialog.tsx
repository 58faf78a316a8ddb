"use client";

import { useState } from "react";
import { Field, ModalForm, inputClass } from "@/components/ui/modal-form";
import { useApiAction } from "@/components/ui/use-api-action";
import type { Milestone } from "@/lib/milestones/schemas";

type Props = {
  projectKey: string;
  /** Edit this milestone; without it the dialog creates one. */
  milestone?: Pick<Milestone, "id" | "name" | "description" | "dueDate" | "status">;
};

/** "New milestone" / "Edit" button with its dialog; shown only to those allowed to manage milestones. */
export function MilestoneDialog({ projectKey, milestone }: Props) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, setError } = useApiAction();
  const base = `/api/projects/${projectKey}/milestones`;

  async function submit(form: FormData) {
    const due = String(form.get("dueDate") ?? "");
    const body = {
      name: form.get("name"),
      description: form.get("description") ?? "",
      dueDate: due ? due : null,
      status: form.get("status"),
    };
    const saved = milestone ? await run("PATCH", `${base}/${milestone.id}`, body) : await run("POST", base, body);
    if (saved) setOpen(false);
  }

  const id = milestone?.id ?? "new";
  return (
    <>
      {milestone ? (
        <button
          onClick={() => setOpen(true)}
          className="rounded-md px-2 py-1 text-sm text-indigo-600 hover:bg-indigo-50"
          aria-label={`Edit ${milestone.name}`}
        >
          Edit
        </button>
      ) : (
        <button onClick={() => setOpen(true)} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">
          New milestone
        </button>
      )}
      <ModalForm
        open={open}
        title={milestone ? `Edit ${milestone.name}` : "New milestone"}
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onSubmit={submit}
        submitLabel={milestone ? "Save" : "Create milestone"}
        pending={pending}
        error={error}
      >
        <Field label="Name" htmlFor={`ms-name-${id}`}>
          <input id={`ms-name-${id}`} name="name" required defaultValue={milestone?.name} placeholder="v2.5.0 Release" className={inputClass} />
        </Field>
        <Field label="Description" htmlFor={`ms-desc-${id}`}>
          <textarea id={`ms-desc-${id}`} name="description" rows={2} defaultValue={milestone?.description} className={inputClass} />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Due date" htmlFor={`ms-due-${id}`} hint="Align it with the go/no-go meeting.">
            <input id={`ms-due-${id}`} name="dueDate" type="date" defaultValue={milestone?.dueDate?.slice(0, 10)} className={inputClass} />
          </Field>
          <Field label="Status" htmlFor={`ms-status-${id}`}>
            <select id={`ms-status-${id}`} name="status" defaultValue={milestone?.status ?? "ACTIVE"} className={inputClass}>
              <option value="ACTIVE">Active</option>
              <option value="COMPLETED">Completed</option>
              <option value="ARCHIVED">Archived</option>
            </select>
          </Field>
        </div>
      </ModalForm>
    </>
  );
}
