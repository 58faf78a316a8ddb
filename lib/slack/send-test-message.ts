import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifySettings } from "@/lib/notify/settings";
import { defaultPublicUrl } from "@/lib/notify/scan";
import { escape } from "./blocks";
import { SlackClient, explainFailure } from "./client";
import type { SlackTestResult } from "./schemas";

/** Checks the token (auth.test), then posts a short message to the project's channel. */
export async function sendTestMessage({ ctx, slack }: { ctx: ProjectCtx; slack?: SlackClient }): Promise<SlackTestResult> {
  authorize(ctx, "project:update");
  const settings = await notifySettings(ctx.db, ctx.project.id);
  if (!settings.channel) {
    throw new AppError("PRECONDITION_FAILED", "Choose a Slack channel and save the settings first.", [
      { field: "channel", message: "Not set" },
    ]);
  }
  const client = slack ?? new SlackClient();
  const auth = await client.authTest();
  if (!auth.ok) throw new AppError("PRECONDITION_FAILED", explainFailure(auth.failure), [{ field: "slack", message: auth.failure.code }]);
  const url = `${defaultPublicUrl().replace(/\/$/, "")}/projects/${ctx.project.id}/settings`;
  const text = `:wave: Test message from QA Studio for project ${escape(ctx.project.name)} (${ctx.project.key}), sent by ${escape(ctx.actor.name || ctx.actor.email)}. Alerts for this project will arrive in this channel.`;
  const res = await client.postMessage({
    channel: settings.channel,
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "context", elements: [{ type: "mrkdwn", text: `<${url}|Notification settings>` }] },
    ],
  });
  if (!res.ok) throw new AppError("PRECONDITION_FAILED", explainFailure(res.failure), [{ field: "slack", message: res.failure.code }]);
  return { ok: true, channel: res.channel, ts: res.ts, team: auth.team };
}
