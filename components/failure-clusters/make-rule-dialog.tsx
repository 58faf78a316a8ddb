"use client";

import { useState } from "react";
import { Field, inputClass } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal-form";
import { useApiWrite } from "@/components/ui/use-api-write";

/** "Make rule": a cluster becomes a known-failure rule in one step, its pattern filled in (ADMIN). */
export function MakeRuleDialog({ projectKey, title, pattern, index }: { projectKey: string; title: string; pattern: string; index: number }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { send, pending, error, setError } = useApiWrite();
  const id = `rule-${index}`;

  async function submit(form: FormData) {
    const res = await send<{ name: string }>("POST", `/api/projects/${projectKey}/failure-rules`, {
      name: String(form.get("name") ?? ""),
      pattern: String(form.get("pattern") ?? ""),
      field: "message",
      defect: {
        key: String(form.get("defectKey") ?? ""),
        tracker: String(form.get("tracker") ?? "OTHER"),
        url: form.get("defectUrl") ? String(form.get("defectUrl")) : null,
      },
    });
    if (res.ok) {
      setOpen(false);
      setDone(`Rule “${res.data.name}” saved: new failures like these get its defect.`);
    }
  }

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md px-2 py-1 text-sm text-indigo-700 hover:bg-indigo-50 print:hidden"
        aria-label={`Make rule from the cluster: ${title}`}
      >
        Make rule
      </button>
      {done && <p role="status" className="text-xs text-emerald-800">{done}</p>}
      <ModalForm
        open={open}
        title="Make a known-failure rule"
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onSubmit={submit}
        submitLabel="Save rule"
        pending={pending}
        error={error}
      >
        <p className="text-sm text-slate-600">From now on, a failing result whose message matches the pattern is linked to this defect and counts as tracked.</p>
        <Field label="Name" htmlFor={`${id}-name`}>
          <input id={`${id}-name`} name="name" required maxLength={200} defaultValue={title.slice(0, 200)} className={inputClass} />
        </Field>
        <Field label="Pattern (RE2, matched in the message)" htmlFor={`${id}-pattern`} hint="Numbers, ids, durations and quoted values of this cluster are already generalised.">
          <textarea id={`${id}-pattern`} name="pattern" required maxLength={500} rows={3} defaultValue={pattern} className={`${inputClass} font-mono text-xs`} />
        </Field>
        <Field label="Defect key" htmlFor={`${id}-key`} hint="For example SHOP-123.">
          <input id={`${id}-key`} name="defectKey" required maxLength={100} className={inputClass} />
        </Field>
        <Field label="Tracker" htmlFor={`${id}-tracker`}>
          <select id={`${id}-tracker`} name="tracker" defaultValue="JIRA" className={inputClass}>
            <option value="JIRA">Jira</option>
            <option value="GITHUB">GitHub</option>
            <option value="LINEAR">Linear</option>
            <option value="OTHER">Other</option>
          </select>
        </Field>
        <Field label="Defect URL (optional)" htmlFor={`${id}-url`}>
          <input id={`${id}-url`} name="defectUrl" type="url" maxLength={2000} className={inputClass} />
        </Field>
      </ModalForm>
    </>
  );
}
