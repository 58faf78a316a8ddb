"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { ModalForm } from "@/components/ui/modal-form";
import { Field, inputClass } from "@/components/ui/field";

/**
 * "Complete milestone": runs the server's checklist. A 409 lists the unmet items plainly; an ADMIN
 * may then complete anyway with a reason (recorded as an override).
 */
export function CompleteDialog({ projectKey, milestoneId, canOverride }: { projectKey: string; milestoneId: string; canOverride: boolean }) {
  const router = useRouter();
  const { send } = useApiWrite();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unmet, setUnmet] = useState<string[] | null>(null);

  function close() {
    setOpen(false);
    setError(null);
    setUnmet(null);
  }

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const reason = String(form.get("reason") ?? "").trim();
    const body = unmet && canOverride ? { override: { reason } } : {};
    const res = await send("POST", `/api/projects/${projectKey}/milestones/${milestoneId}/complete`, body);
    setPending(false);
    if (res.ok) {
      close();
      router.refresh();
      return;
    }
    const items = Object.values(res.fields);
    if (items.length && !unmet) setUnmet(items);
    else setError(items.length && unmet ? (res.fields["override.reason"] ?? res.message) : res.message);
  }

  return (
    <>
      <button onClick={() => setOpen(true)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 print:hidden">
        Complete milestone
      </button>
      <ModalForm
        open={open}
        title="Complete milestone"
        onClose={close}
        onSubmit={submit}
        submitLabel={unmet ? (canOverride ? "Complete anyway" : "Check again") : "Complete"}
        pending={pending}
        error={error}
      >
        {!unmet ? (
          <p className="text-sm text-slate-600">The release checklist runs first: all runs finished, no blocking or untracked failures, pass rate at target, and a sign-off.</p>
        ) : (
          <div>
            <p className="text-sm font-medium text-rose-700">Not ready: {unmet.length} checklist item{unmet.length === 1 ? " is" : "s are"} unmet.</p>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="unmet">
              {unmet.map((u) => (
                <li key={u}>{u}</li>
              ))}
            </ul>
            {canOverride ? (
              <div className="mt-4">
                <Field label="Override reason" htmlFor="override-reason" hint="As an admin you may complete anyway; the reason is recorded with the milestone.">
                  <textarea id="override-reason" name="reason" rows={3} required className={inputClass} />
                </Field>
              </div>
            ) : (
              <p className="mt-3 text-sm text-slate-600">Fix these items, or ask a project admin to complete it with an override.</p>
            )}
          </div>
        )}
      </ModalForm>
    </>
  );
}
