import type { Metadata } from "next";
import { AppShell } from "@/app/_shell/app-shell";
import { ProjectHeader } from "@/components/projects/project-header";
import { EnvironmentsManager } from "@/components/environments/environments-manager";
import { TokensManager } from "@/components/authenticators/tokens-manager";
import { ProjectDetailsForm } from "@/components/projects/project-details-form";
import { ReleaseRulesForm } from "@/components/projects/release-rules-form";
import { projectPageContext } from "@/lib/auth/page-context";
import { allowed } from "@/lib/auth/permissions";
import { listEnvironments } from "@/lib/environments/queries";
import { listTokens } from "@/lib/authenticators/queries";
import { getProject } from "@/lib/projects/queries";
import { SlackSettingsForm } from "@/components/slack/slack-settings";
import { JiraProjectSetting } from "@/components/defects/jira-project-setting";
import { getSlackSettings } from "@/lib/slack/queries";
import { getJiraProject } from "@/lib/jira/queries";

export const metadata: Metadata = { title: "Project settings" };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const ctx = await projectPageContext((await params).projectId);
  const [project, environments, tokens] = await Promise.all([getProject(ctx), listEnvironments(ctx, { limit: 200 }), listTokens(ctx, { limit: 200 })]);
  const canEdit = allowed(ctx, "project:update");
  const slack = await getSlackSettings(ctx);
  return (
    <AppShell actor={ctx.actor}>
      <ProjectHeader project={project} current="settings" />
      {!canEdit ? (
        <p className="mt-4 rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-600">
          Only project admins can change settings. You are a {project.role.toLowerCase()} in {project.name}.
        </p>
      ) : (
        <div className="mt-8 grid gap-8 lg:grid-cols-2">
          <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="mb-4 text-base font-semibold text-slate-900">Details</h2>
            <ProjectDetailsForm project={project} />
          </section>
          <section>
            <h2 className="mb-1 text-base font-semibold text-slate-900">Environments</h2>
            <p className="mb-3 text-sm text-slate-600">Every run is tied to one. Environments that runs use cannot be deleted.</p>
            <EnvironmentsManager projectKey={project.key} environments={environments.data} />
          </section>
        </div>
      )}
      <section className="mt-8 max-w-3xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="rules-heading">
        <h2 id="rules-heading" className="mb-1 text-base font-semibold text-slate-900">Go/no-go rules</h2>
        <p className="mb-4 text-sm text-slate-500">Every milestone summary, the CI gate, the badge and Slack alerts judge with these rules.</p>
        {canEdit ? (
          <ReleaseRulesForm projectKey={project.key} settings={project.settings} />
        ) : (
          <dl className="grid gap-2 text-sm sm:grid-cols-2" data-testid="release-rules">
            <dt className="text-slate-500">Pass-rate threshold</dt>
            <dd className="font-medium text-slate-900">{project.settings.passRateThreshold}%</dd>
            <dt className="text-slate-500">Blocking priorities</dt>
            <dd className="font-medium text-slate-900">{project.settings.blockingPriorities.join(", ") || "None"}</dd>
            <dt className="text-slate-500">Warning window</dt>
            <dd className="font-medium text-slate-900">{project.settings.warningWindowDays} days</dd>
            <dt className="text-slate-500">Public badge</dt>
            <dd className="font-medium text-slate-900">{project.settings.publicBadge ? "On" : "Off"}</dd>
            <dt className="text-slate-500">Block on</dt>
            <dd className="font-medium text-slate-900">{project.settings.blockOn === "NEW_FAILURES" ? "Only new failures since the baseline" : "Every failure of a blocking priority"}</dd>
            <dt className="text-slate-500">Require the latest build</dt>
            <dd className="font-medium text-slate-900">{project.settings.requireLatestBuild ? "On" : "Off"}</dd>
          </dl>
        )}
      </section>
      <section className="mt-8 max-w-3xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="slack-heading">
        <h2 id="slack-heading" className="mb-1 text-base font-semibold text-slate-900">Slack alerts</h2>
        <p className="mb-4 text-sm text-slate-600">Milestone reminders, run results and verdict changes, posted once each to a channel and shown in the notification centre.</p>
        <SlackSettingsForm projectKey={project.key} settings={slack} canEdit={canEdit} />
      </section>
      <JiraProjectSetting projectKey={project.key} jira={await getJiraProject(ctx)} isAdmin={ctx.actor.isAdmin} canEdit={canEdit} />
      <section className="mt-8 max-w-3xl" aria-labelledby="authenticators-heading">
        <h2 id="authenticators-heading" className="mb-1 text-base font-semibold text-slate-900">Authenticator tokens</h2>
        <p className="mb-3 text-sm text-slate-600">Shared two-factor codes for test accounts, so regression runs can log in without passing a phone around.</p>
        <TokensManager projectKey={project.key} tokens={tokens.data} canManage={allowed(ctx, "authenticator:manage")} />
      </section>
    </AppShell>
  );
}
