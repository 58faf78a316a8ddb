"use client";

import { useState } from "react";
import { ModalForm } from "@/components/ui/modal-form";
import { Field, inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";

/**
 * "Sign off": any member records that they reviewed the summary, with an optional comment. The
 * dialog restates the verdict being signed and pre-selects no decision: approving is a choice.
 */
export function SignoffDialog({
  projectKey,
  milestoneId,
  verdict,
  reasons = [],
}: {
  projectKey: string;
  milestoneId: string;
  verdict: "GO" | "NO_GO";
  reasons?: string[];
}) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, setError } = useApiWrite();

  async function submit(form: FormData) {
    const decision = form.get("decision");
    if (decision !== "APPROVED" && decision !== "REJECTED") return setError("Choose Approve or Reject.");
    const saved = await run("POST", `/api/projects/${projectKey}/milestones/${milestoneId}/signoffs`, {
      comment: String(form.get("comment") ?? ""),
      decision,
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
        <p className={`rounded-md px-3 py-2 text-sm ring-1 ring-inset ${verdict === "GO" ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : "bg-rose-50 text-rose-900 ring-rose-200"}`} data-testid="signoff-verdict">
          The verdict you are signing is <strong>{verdict === "GO" ? "GO" : "NO GO"}</strong>
          {reasons.length > 0 ? <>: {reasons.join("; ")}</> : "."}
        </p>
        <fieldset className="flex gap-4 text-sm">
          <legend className="mb-1 font-medium text-slate-700">Your decision</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="decision" value="APPROVED" /> Approve
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
