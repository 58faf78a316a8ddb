"use client";

import { useState } from "react";
import { ModalForm } from "@/components/ui/modal-form";
import { Field, inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";

/** "Sign off": any member records that they reviewed the summary, with an optional comment. */
export function SignoffDialog({ projectKey, milestoneId }: { projectKey: string; milestoneId: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, setError } = useApiWrite();

  async function submit(form: FormData) {
    const saved = await run("POST", `/api/projects/${projectKey}/milestones/${milestoneId}/signoffs`, {
      comment: String(form.get("comment") ?? ""),
      decision: form.get("decision") === "REJECTED" ? "REJECTED" : "APPROVED",
    });
    if (saved) setOpen(false);
  }

  return (
    <>
      <button onClick={() => setOpen(true)} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 print:hidden">
        Sign off
      </button>
      <ModalForm
        open={open}
        title="Sign off this milestone"
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onSubmit={submit}
        submitLabel="Sign off"
        pending={pending}
        error={error}
      >
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Decision</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="decision" value="APPROVED" defaultChecked /> Approve
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="decision" value="REJECTED" /> Reject
          </label>
        </fieldset>
        <Field label="Comment" htmlFor="signoff-comment" hint="Optional.">
          <textarea id="signoff-comment" name="comment" rows={3} maxLength={2000} className={inputClass} />
        </Field>
      </ModalForm>
    </>
  );
}
