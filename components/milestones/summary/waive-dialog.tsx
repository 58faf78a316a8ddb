"use client";

import { useState } from "react";
import { ModalForm } from "@/components/ui/modal-form";
import { Field, inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";

/** "Waive" on an open failure: accepts it for this milestone and environment, with a reason. */
export function WaiveDialog({
  projectKey,
  milestoneId,
  caseId,
  caseKey,
  environment,
}: {
  projectKey: string;
  milestoneId: string;
  caseId: string;
  caseKey: string;
  environment: { id: string; name: string };
}) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, setError } = useApiWrite();
  const id = `waive-${caseId}-${environment.id}`;

  async function submit(form: FormData) {
    const saved = await run("POST", `/api/projects/${projectKey}/milestones/${milestoneId}/waivers`, {
      caseId,
      environmentId: environment.id,
      reason: String(form.get("reason") ?? ""),
      // A date means "until the end of that day (UTC)"; empty means no expiry.
      expiresAt: form.get("expiresAt") ? `${String(form.get("expiresAt"))}T23:59:59.999Z` : null,
    });
    if (saved) setOpen(false);
  }

  return (
    <>
      <button
        onClick={() => setOpen(true)}
        className="rounded-md px-2 py-1 text-sm text-indigo-600 hover:bg-indigo-50 print:hidden"
        aria-label={`Waive ${caseKey} on ${environment.name}`}
      >
        Waive
      </button>
      <ModalForm
        open={open}
        title={`Waive ${caseKey} on ${environment.name}`}
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onSubmit={submit}
        submitLabel="Waive failure"
        pending={pending}
        error={error}
      >
        <p className="text-sm text-slate-600">The failure stops blocking this milestone. The waiver and its reason are recorded in the audit log.</p>
        <Field label="Reason" htmlFor={id} hint="Required: say why the failure is acceptable for this release, e.g. “Known issue, fixed in 2.4.1; support has a workaround.”">
          <textarea id={id} name="reason" rows={3} required className={inputClass} />
        </Field>
        <Field label="Expires on (optional)" htmlFor={`${id}-expires`} hint="After this day (UTC) the failure counts as open again. Leave empty for no expiry.">
          <input id={`${id}-expires`} name="expiresAt" type="date" className={inputClass} />
        </Field>
      </ModalForm>
    </>
  );
}
