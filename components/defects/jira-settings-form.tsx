"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { Field, inputClass } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import type { JiraSettings } from "@/lib/jira/schemas";

/** Connect Jira for the whole instance: site, account, API token (stored encrypted, never shown again). */
export function JiraSettingsForm({ settings }: { settings: JiraSettings }) {
  const router = useRouter();
  const { send } = useApiWrite();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function save(form: FormData) {
    setPending(true);
    setMessage(null);
    const token = String(form.get("apiToken") ?? "").trim();
    const res = await send<JiraSettings>("PUT", "/api/admin/jira", {
      baseUrl: form.get("baseUrl"),
      email: form.get("email"),
      issueType: form.get("issueType"),
      ...(token ? { apiToken: token } : {}),
    });
    setPending(false);
    if (!res.ok) {
      const fields = Object.entries(res.fields).map(([f, m]) => `${f}: ${m}`);
      return setMessage({ ok: false, text: fields.length ? `${res.message} (${fields.join("; ")})` : res.message });
    }
    setMessage({ ok: true, text: "Saved. The token is stored encrypted." });
    router.refresh();
  }

  async function test() {
    setPending(true);
    setMessage(null);
    const res = await send<{ accountName: string }>("POST", "/api/admin/jira/test");
    setPending(false);
    setMessage(res.ok ? { ok: true, text: `Connected to Jira as ${res.data.accountName}.` } : { ok: false, text: res.message });
  }

  return (
    <form action={save} className="space-y-4" aria-label="Jira connection">
      <Field label="Jira site" htmlFor="jira-base-url" hint="Your Jira Cloud or Data Center address, e.g. https://acme.atlassian.net">
        <input id="jira-base-url" name="baseUrl" type="url" required defaultValue={settings.baseUrl ?? ""} className={inputClass} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Account email" htmlFor="jira-email" hint="The Atlassian account that files the issues">
          <input id="jira-email" name="email" type="email" required defaultValue={settings.email ?? ""} className={inputClass} />
        </Field>
        <Field label="Issue type" htmlFor="jira-issue-type" hint="Given to every filed defect">
          <input id="jira-issue-type" name="issueType" required defaultValue={settings.issueType ?? "Bug"} className={inputClass} />
        </Field>
      </div>
      <Field
        label="API token"
        htmlFor="jira-token"
        hint={
          settings.tokenSet
            ? "A token is stored (encrypted). Leave this empty to keep it (same site only: a new site needs the token again), or paste a new one to replace it."
            : "Create one at id.atlassian.com → Security → API tokens. It is stored encrypted and never shown again."
        }
      >
        <input id="jira-token" name="apiToken" type="password" autoComplete="off" required={!settings.tokenSet} className={inputClass} />
      </Field>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`rounded-md px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-700"}`}>
          {message.text}
        </p>
      )}
      <div className="flex items-center justify-between gap-3">
        <span className="text-xs text-slate-600">{settings.updatedAt ? `Last changed ${formatDateTime(settings.updatedAt)}` : "Not connected yet"}</span>
        <div className="flex gap-2">
          {settings.configured && (
            <button type="button" onClick={test} disabled={pending} className="rounded-md px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50">
              Test connection
            </button>
          )}
          <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
            {pending ? "Saving…" : settings.configured ? "Save" : "Connect Jira"}
          </button>
        </div>
      </div>
    </form>
  );
}
