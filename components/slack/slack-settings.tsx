"use client";

import { useState } from "react";
import { Field, inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { NotifyEvent, SlackSettings, SlackTestResult } from "@/lib/slack/schemas";

const EVENTS: { key: NotifyEvent; label: string; help: string }[] = [
  { key: "milestoneDue", label: "Milestone due", help: "A reminder at each threshold below" },
  { key: "overdue", label: "Overdue", help: "Once, when a milestone passes its due date unfinished" },
  { key: "runFailed", label: "Run failed", help: "A run completes with failures, or a critical case fails" },
  { key: "runCompleted", label: "Run completed", help: "A run completes without failures" },
  { key: "verdictChanged", label: "Verdict changed", help: "A milestone flips between NO GO and GO" },
  { key: "quarantineExpired", label: "Quarantine expired", help: "A case's quarantine runs out unlifted: its failures block again" },
];

/** The project's Slack channel and alert switches, with a button that proves the connection works. */
export function SlackSettingsForm({ projectKey, settings, canEdit }: { projectKey: string; settings: SlackSettings; canEdit: boolean }) {
  const { run, pending, error } = useApiWrite();
  const tester = useApiWrite();
  const [saved, setSaved] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const url = `/api/projects/${projectKey}/slack`;

  async function sendTest() {
    setTesting(true);
    setTest(null);
    const res = await tester.send<SlackTestResult>("POST", `${url}/test`);
    setTesting(false);
    setTest(res.ok ? { ok: true, message: `Test message sent to ${res.data.channel} in ${res.data.team}.` } : { ok: false, message: res.message });
  }

  return (
    <form
      className="space-y-5"
      aria-label="Slack settings"
      action={async (form) => {
        setSaved(false);
        const thresholds = String(form.get("thresholds") ?? "")
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(Number);
        const events = Object.fromEntries(EVENTS.map((e) => [e.key, form.get(e.key) === "on"]));
        const out = await run("PUT", url, { channel: String(form.get("channel") ?? "").trim() || null, events, dueThresholdsDays: thresholds });
        if (out) setSaved(true);
      }}
    >
      {!settings.botTokenConfigured && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="slack-token-missing">
          Slack is not connected on this server: <code className="font-mono">SLACK_BOT_TOKEN</code> is not set. Alerts still appear in the notification centre.
        </p>
      )}
      <Field label="Slack channel" htmlFor="slack-channel" hint="A channel ID (C0123ABCD) or #channel-name. Invite the QA Studio bot to it. Leave empty to keep alerts in the app only.">
        <input id="slack-channel" name="channel" defaultValue={settings.channel ?? ""} disabled={!canEdit} className={inputClass} autoComplete="off" />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Alerts</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {EVENTS.map((e) => (
            <label key={e.key} className="flex items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm hover:bg-slate-50">
              <input type="checkbox" name={e.key} defaultChecked={settings.events[e.key]} disabled={!canEdit} className="mt-0.5 h-4 w-4 accent-indigo-600" />
              <span>
                <span className="font-medium text-slate-800">{e.label}</span>
                <span className="block text-xs text-slate-600">{e.help}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field label="Due reminders (days before the due date)" htmlFor="slack-thresholds" hint="Comma-separated; 0 means on the due date. Moving the due date re-arms them.">
        <input id="slack-thresholds" name="thresholds" defaultValue={settings.dueThresholdsDays.join(", ")} disabled={!canEdit} className={inputClass} inputMode="numeric" />
      </Field>
      {error && <p role="alert" className="text-sm text-rose-600">{error}</p>}
      {saved && !error && <p role="status" className="text-sm text-emerald-700">Slack settings saved.</p>}
      {canEdit ? (
        <div className="flex flex-wrap items-center gap-3">
          <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
            {pending ? "Saving…" : "Save Slack settings"}
          </button>
          <button
            type="button"
            onClick={sendTest}
            disabled={testing}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-50 disabled:opacity-60"
          >
            {testing ? "Sending…" : "Send test message"}
          </button>
        </div>
      ) : (
        <p className="text-sm text-slate-600">Only project admins can change where alerts go.</p>
      )}
      {test && (
        <p
          role={test.ok ? "status" : "alert"}
          data-testid="slack-test-result"
          className={`rounded-md px-3 py-2 text-sm ${test.ok ? "border border-emerald-200 bg-emerald-50 text-emerald-800" : "border border-rose-200 bg-rose-50 text-rose-800"}`}
        >
          {test.message}
        </p>
      )}
    </form>
  );
}
