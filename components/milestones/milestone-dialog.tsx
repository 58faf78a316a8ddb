"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { ModalForm } from "@/components/ui/modal-form";
import { Field, inputClass } from "@/components/ui/field";
import { CreateMilestoneInput, UpdateMilestoneInput, type Milestone } from "@/lib/milestones/schemas";

type Props = {
  projectKey: string;
  /** Edit this milestone; without it the dialog creates one. */
  milestone?: Pick<Milestone, "id" | "name" | "description" | "dueDate" | "status" | "parentId">;
  /** Milestones a phase may belong to (a release); the edited milestone itself is left out. */
  parents?: { id: string; name: string }[];
  /** Preselected parent for "Add phase". */
  defaultParentId?: string;
  label?: string;
};

type Errors = Record<string, string>;

/**
 * "New milestone" / "Edit" / "Add phase" with its dialog. The form is checked with the API's own
 * zod schema before it is sent, and the server's field errors land under the same fields.
 * Completing goes through the summary page's checklist, archiving through its own button, so the
 * form has no status field.
 */
export function MilestoneDialog({ projectKey, milestone, parents = [], defaultParentId, label }: Props) {
  const router = useRouter();
  const { send } = useApiWrite();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const base = `/api/projects/${projectKey}/milestones`;
  const id = milestone?.id ?? (defaultParentId ? `phase-${defaultParentId}` : "new");

  async function submit(form: FormData) {
    const due = String(form.get("dueDate") ?? "");
    const parent = String(form.get("parentId") ?? "");
    const body = {
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      dueDate: due ? due : null,
      parentId: parent ? parent : null,
    };
    const check = (milestone ? UpdateMilestoneInput : CreateMilestoneInput).safeParse(body);
    if (!check.success) {
      setErrors(Object.fromEntries(check.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])));
      setFormError(null);
      return;
    }
    setPending(true);
    const res = milestone ? await send("PATCH", `${base}/${milestone.id}`, body) : await send("POST", base, body);
    setPending(false);
    if (res.ok) {
      close();
      router.refresh();
      return;
    }
    setErrors(res.fields);
    setFormError(Object.keys(res.fields).length ? null : res.message);
  }

  function close() {
    setOpen(false);
    setErrors({});
    setFormError(null);
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="mt-1 text-xs font-medium text-rose-600" role="alert">
        {errors[name]}
      </p>
    ) : null;
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${id}-${name}-error` } : {});
  const options = parents.filter((p) => p.id !== milestone?.id);

  return (
    <>
      {milestone ? (
        <button onClick={() => setOpen(true)} className="rounded-md px-2 py-1 text-sm text-indigo-600 hover:bg-indigo-50" aria-label={`Edit ${milestone.name}`}>
          Edit
        </button>
      ) : defaultParentId ? (
        <button onClick={() => setOpen(true)} className="rounded-md px-2 py-1 text-sm text-indigo-600 hover:bg-indigo-50">
          {label ?? "Add phase"}
        </button>
      ) : (
        <button onClick={() => setOpen(true)} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">
          {label ?? "New milestone"}
        </button>
      )}
      <ModalForm
        open={open}
        title={milestone ? `Edit ${milestone.name}` : defaultParentId ? "New phase" : "New milestone"}
        onClose={close}
        onSubmit={submit}
        submitLabel={milestone ? "Save" : "Create milestone"}
        pending={pending}
        error={formError}
      >
        <Field label="Name" htmlFor={`ms-name-${id}`} hint="A release (v2.5.0), sprint, hotfix or phase (code freeze).">
          <input id={`ms-name-${id}`} name="name" defaultValue={milestone?.name} className={inputClass} {...invalid("name")} />
          {fieldError("name")}
        </Field>
        <Field label="Description" htmlFor={`ms-desc-${id}`}>
          <textarea id={`ms-desc-${id}`} name="description" rows={2} defaultValue={milestone?.description} className={inputClass} {...invalid("description")} />
          {fieldError("description")}
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Due date" htmlFor={`ms-due-${id}`} hint="Align it with the go/no-go meeting.">
            <input id={`ms-due-${id}`} name="dueDate" type="date" defaultValue={milestone?.dueDate?.slice(0, 10)} className={inputClass} {...invalid("dueDate")} />
            {fieldError("dueDate")}
          </Field>
          <Field label="Part of" htmlFor={`ms-parent-${id}`} hint="A phase rolls up into its release.">
            <select id={`ms-parent-${id}`} name="parentId" defaultValue={milestone?.parentId ?? defaultParentId ?? ""} className={inputClass} {...invalid("parentId")}>
              <option value="">— None (top level) —</option>
              {options.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            {fieldError("parentId")}
          </Field>
        </div>
      </ModalForm>
    </>
  );
}
