import { json, projectRoute } from "@/lib/api/handler";
import { getSlackSettings } from "@/lib/slack/queries";
import { updateSlackSettings } from "@/lib/slack/update-slack-settings";

// GET /api/projects/{projectId}/slack — the project's Slack channel and alert switches
export const GET = projectRoute(async ({ ctx }) => json(await getSlackSettings(ctx)));

// PUT /api/projects/{projectId}/slack — set the channel, alerts and due thresholds (ADMIN)
export const PUT = projectRoute(async ({ ctx, body }) => json(await updateSlackSettings({ ctx, input: await body() })));
