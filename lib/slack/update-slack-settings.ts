import { sql } from "drizzle-orm";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { notifySettings } from "@/lib/notify/settings";
import { toSlackSettings } from "./queries";
import { UpdateSlackSettingsInput, type SlackSettings } from "./schemas";

/** PUT semantics for what is given; omitted fields keep their values. */
export async function updateSlackSettings({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<SlackSettings> {
  authorize(ctx, "project:update");
  const data = parse(UpdateSlackSettingsInput, input);
  return ctx.db.transaction(async (tx) => {
    // Locks the project row so two concurrent saves apply one after the other.
    await tx.execute(sql`select id from projects where id = ${ctx.project.id} for update`);
    const before = await notifySettings(tx, ctx.project.id);
    const next = {
      channel: data.channel === undefined ? before.channel : data.channel || null,
      events: { ...before.events, ...data.events },
      dueThresholdsDays: [...(data.dueThresholdsDays ?? before.dueThresholdsDays)].sort((a, b) => b - a),
    };
    await tx.execute(sql`
      insert into slack_settings (project_id, channel, events, due_thresholds_days, updated_by_id, updated_at)
      values (${ctx.project.id}, ${next.channel}, ${JSON.stringify(next.events)}::jsonb,
        array(select jsonb_array_elements_text(${JSON.stringify(next.dueThresholdsDays)}::jsonb)::int), ${ctx.actor.userId}, now())
      on conflict (project_id) do update set channel = excluded.channel, events = excluded.events,
        due_thresholds_days = excluded.due_thresholds_days, updated_by_id = excluded.updated_by_id, updated_at = now()`);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "slack.update",
      entityType: "slack_settings",
      entityId: ctx.project.id,
      before: { channel: before.channel, events: before.events, dueThresholdsDays: before.dueThresholdsDays },
      after: next,
    });
    return toSlackSettings(await notifySettings(tx, ctx.project.id));
  });
}
