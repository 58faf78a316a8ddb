"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { inputClass } from "@/components/ui/field";

/** The project's Jira project key, where "File defect" creates issues. */
export function JiraProjectForm({ projectKey, jiraProjectKey, canEdit }: { projectKey: string; jiraProjectKey: string | null; canEdit: boolean }) {
  const router = useRouter();
  const { send } = useApiWrite();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function save(form: FormData) {
    setPending(true);
    setMessage(null);
    const value = String(form.get("jiraProjectKey") ?? "").trim();
    const res = await send("PUT", `/api/projects/${projectKey}/jira`, { jiraProjectKey: value || null });
    setPending(false);
    if (!res.ok) return setMessage({ ok: false, text: Object.values(res.fields)[0] ?? res.message });
    setMessage({ ok: true, text: value ? `Defects are filed in ${value.toUpperCase()}.` : "Filing defects in Jira is off for this project." });
    router.refresh();
  }

  return (
    <form action={save} className="flex flex-wrap items-end gap-3" aria-label="Jira project">
      <div>
        <label htmlFor="jira-project-key" className="text-sm font-medium text-slate-700">Jira project key</label>
        <input
          id="jira-project-key"
          name="jiraProjectKey"
          defaultValue={jiraProjectKey ?? ""}
          disabled={!canEdit}
          className={`${inputClass} w-40 font-mono uppercase`}
          aria-describedby="jira-project-help"
        />
      </div>
      {canEdit && (
        <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Saving…" : "Save"}
        </button>
      )}
      <p id="jira-project-help" className="w-full text-xs text-slate-600">
        Like SHOP in SHOP-123. Empty: no filing from this project.
      </p>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`w-full rounded-md px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-700"}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}
