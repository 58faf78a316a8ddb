import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { slackEnv } from "@/lib/env";
import { notifySettings, type NotifySettings } from "@/lib/notify/settings";
import type { SlackSettings } from "./schemas";

export function toSlackSettings(s: NotifySettings): SlackSettings {
  return {
    channel: s.channel,
    events: s.events,
    dueThresholdsDays: s.dueThresholdsDays,
    botTokenConfigured: Boolean(slackEnv().SLACK_BOT_TOKEN),
    updatedAt: s.updatedAt?.toISOString() ?? null,
  };
}

/** The project's Slack settings (defaults when never saved); any member may read them. */
export async function getSlackSettings(ctx: ProjectCtx): Promise<SlackSettings> {
  authorize(ctx, "project:read");
  return toSlackSettings(await notifySettings(ctx.db, ctx.project.id));
}
