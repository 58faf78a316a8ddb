"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { ModalForm } from "@/components/ui/modal-form";
import { Field, inputClass } from "@/components/ui/field";

type Option = { id: string; name: string };

/** "New exploratory session": a charter and a time box under a milestone and environment; opens the session. */
export function NewSessionDialog({ projectKey, milestones, environments }: { projectKey: string; milestones: Option[]; environments: Option[] }) {
  const router = useRouter();
  const { send } = useApiWrite();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missing = !milestones.length ? "an active milestone" : !environments.length ? "an environment" : null;

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const res = await send<{ id: string }>("POST", `/api/projects/${projectKey}/test-runs`, {
      kind: "EXPLORATORY",
      name: form.get("name"),
      milestoneId: form.get("milestoneId"),
      environmentId: form.get("environmentId"),
      charter: String(form.get("charter") ?? ""),
      timeBoxMinutes: Number(form.get("timeBoxMinutes")),
      status: form.get("startNow") ? "IN_PROGRESS" : "PLANNED",
    });
    setPending(false);
    if (!res.ok) {
      const fields = Object.entries(res.fields).map(([f, m]) => `${f}: ${m}`);
      return setError(fields.length ? `${res.message} (${fields.join("; ")})` : res.message);
    }
    setOpen(false);
    router.push(`/projects/${projectKey}/runs/${res.data.id}`);
  }

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        disabled={!!missing}
        title={missing ? `Create ${missing} first` : undefined}
        className="rounded-md bg-fuchsia-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-fuchsia-500 disabled:opacity-50"
      >
        New exploratory session
      </button>
      <ModalForm
        open={open}
        title="New exploratory session"
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onSubmit={submit}
        submitLabel="Create session"
        pending={pending}
        error={error}
      >
        <Field label="Name" htmlFor="session-name">
          <input id="session-name" name="name" required defaultValue="Exploratory session" className={inputClass} />
        </Field>
        <Field label="Charter" htmlFor="session-charter" hint="Explore <area> with <resources> to discover <information>. Markdown works.">
          <textarea id="session-charter" name="charter" rows={4} className={inputClass} />
        </Field>
        <div className="grid grid-cols-3 gap-4">
          <Field label="Milestone" htmlFor="session-milestone">
            <select id="session-milestone" name="milestoneId" className={inputClass}>
              {milestones.map((m) => (
                <option key={m.id} value={m.id}>{m.name}</option>
              ))}
            </select>
          </Field>
          <Field label="Environment" htmlFor="session-environment">
            <select id="session-environment" name="environmentId" className={inputClass}>
              {environments.map((e) => (
                <option key={e.id} value={e.id}>{e.name}</option>
              ))}
            </select>
          </Field>
          <Field label="Time box" htmlFor="session-timebox">
            <select id="session-timebox" name="timeBoxMinutes" defaultValue="60" className={inputClass}>
              {[15, 30, 45, 60, 90, 120, 180, 240].map((m) => (
                <option key={m} value={m}>{m < 60 ? `${m} min` : `${m / 60} h`}</option>
              ))}
            </select>
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="startNow" defaultChecked className="h-4 w-4 rounded border-slate-300" />
          Start now (the timer starts with the session)
        </label>
      </ModalForm>
    </>
  );
}
