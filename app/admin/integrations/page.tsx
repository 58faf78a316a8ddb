import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppShell } from "@/app/_shell/app-shell";
import { AdminTabs } from "@/components/defects/admin-tabs";
import { JiraSettingsForm } from "@/components/defects/jira-settings-form";
import { pageContext } from "@/lib/auth/page-context";
import { getJiraSettings } from "@/lib/jira/queries";

export const metadata: Metadata = { title: "Integrations" };

export default async function AdminIntegrationsPage() {
  const ctx = await pageContext();
  // The page does not exist for anyone but instance admins.
  if (!ctx.actor.isAdmin) notFound();
  const jira = await getJiraSettings(ctx);
  return (
    <AppShell actor={ctx.actor}>
      <AdminTabs current="integrations" />
      <h1 className="text-2xl font-semibold text-slate-900">Integrations</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">Connections this QA Studio instance uses on behalf of every project.</p>
      <section className="mt-6 max-w-3xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="jira-heading">
        <div className="mb-4 flex items-center justify-between gap-3">
          <div>
            <h2 id="jira-heading" className="text-base font-semibold text-slate-900">Jira</h2>
            <p className="text-sm text-slate-600">
              Testers file failed entries as Jira issues; linked issues show their live status. Each project chooses its Jira project key in its settings.
            </p>
          </div>
          <span
            className={`shrink-0 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${jira.configured ? "bg-emerald-50 text-emerald-700 ring-emerald-200" : "bg-slate-100 text-slate-600 ring-slate-200"}`}
          >
            {jira.configured ? "Connected" : "Not connected"}
          </span>
        </div>
        <JiraSettingsForm settings={jira} />
      </section>
    </AppShell>
  );
}
