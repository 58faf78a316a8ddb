"use client";

import { useState } from "react";
import { Field, inputClass } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal-form";
import { useApiWrite } from "@/components/ui/use-api-write";

/** "Quarantine" on a failing case: a reason, an owner and an expiry (14 days unless told, at most 90). */
export function QuarantineDialog({ projectKey, caseKey, environmentId }: { projectKey: string; caseKey: string; environmentId: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, setError } = useApiWrite();
  const id = `quarantine-${caseKey}-${environmentId}`;

  async function submit(form: FormData) {
    const owner = String(form.get("ownerId") ?? "").trim();
    const day = String(form.get("expiresAt") ?? "");
    const saved = await run("POST", `/api/projects/${projectKey}/test-cases/${caseKey}/quarantine`, {
      reason: String(form.get("reason") ?? ""),
      ...(owner ? { ownerId: owner } : {}),
      // A date means "until the end of that day (UTC)"; empty means 14 days from now.
      ...(day ? { expiresAt: `${day}T23:59:59.999Z` } : {}),
    });
    if (saved) setOpen(false);
  }

  return (
    <>
      <button
        onClick={() => setOpen(true)}
        className="rounded-md px-2 py-1 text-sm text-violet-700 hover:bg-violet-50 print:hidden"
        aria-label={`Quarantine ${caseKey}`}
      >
        Quarantine
      </button>
      <ModalForm
        open={open}
        title={`Quarantine ${caseKey}`}
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onSubmit={submit}
        submitLabel="Quarantine case"
        pending={pending}
        error={error}
      >
        <p className="text-sm text-slate-600">
          Until the expiry, this case&apos;s failures are listed under Quarantined in every milestone and do not block; CI marks its results. Then they block again and the owner is alerted.
        </p>
        <Field label="Reason" htmlFor={id} hint="Required, e.g. “Flaky: payment sandbox times out; SHOP-91 tracks the fix.”">
          <textarea id={id} name="reason" rows={3} required maxLength={2000} className={inputClass} />
        </Field>
        <Field label="Owner (optional)" htmlFor={`${id}-owner`} hint="Email of the project member who fixes the test; you when empty.">
          <input id={`${id}-owner`} name="ownerId" type="email" maxLength={320} className={inputClass} />
        </Field>
        <Field label="Expires on (optional)" htmlFor={`${id}-expires`} hint="At most 90 days ahead; 14 days from now when empty.">
          <input id={`${id}-expires`} name="expiresAt" type="date" className={inputClass} />
        </Field>
      </ModalForm>
    </>
  );
}
