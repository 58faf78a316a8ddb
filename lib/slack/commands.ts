import { sql } from "drizzle-orm";
import { verifySlackRequest } from "@slack/bolt";
import type { Db } from "@/db/client";
import { slackEnv } from "@/lib/env";
import { UnauthenticatedError } from "@/lib/errors";
import { milestoneSummary } from "@/lib/milestones/summary";
import { defaultPublicUrl } from "@/lib/notify/scan";
import { systemCtx } from "@/lib/notify/system-ctx";
import { readSettings } from "@/lib/projects/schemas";
import { rowsOf } from "@/lib/sql";
import { daysLeftText, escape, milestoneBlocks, milestoneText, milestoneUrl, section } from "./blocks";
import { logger } from "@/lib/observability/logger";

/** What a slash command answers: Slack shows `text` (and blocks) to the user or the channel. */
export type CommandReply = { response_type: "ephemeral" | "in_channel"; text: string; blocks?: unknown[] };

export type SlashCommand = { command: string; text: string; channelId: string; channelName: string; responseUrl: string; userId: string };

const FIVE_MINUTES_S = 300;

/**
 * Checks Slack's request signature with Bolt's verifier (HMAC of the raw body with the signing
 * secret, and a timestamp no older than five minutes; we also refuse one from the future).
 */
export function verifySlashRequest(rawBody: string, headers: Headers, nowMs = Date.now()): void {
  const secret = slackEnv().SLACK_SIGNING_SECRET;
  if (!secret) throw new UnauthenticatedError("Slash commands are not set up: SLACK_SIGNING_SECRET is not set on the server.");
  const signature = headers.get("x-slack-signature");
  const timestamp = Number(headers.get("x-slack-request-timestamp"));
  if (!signature || !Number.isFinite(timestamp)) throw new UnauthenticatedError("Missing Slack signature headers.");
  if (timestamp > nowMs / 1000 + FIVE_MINUTES_S) throw new UnauthenticatedError("The Slack request timestamp is in the future.");
  try {
    verifySlackRequest({
      signingSecret: secret,
      body: rawBody,
      headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
      nowMilliseconds: nowMs,
      logger: quietLogger,
    });
  } catch (err) {
    const stale = /stale|differ/i.test((err as Error).message);
    throw new UnauthenticatedError(stale ? "The Slack request is older than five minutes." : "The Slack request signature does not match.");
  }
}

export function parseSlashCommand(rawBody: string): SlashCommand {
  const f = new URLSearchParams(rawBody);
  return {
    command: f.get("command") ?? "/qa",
    text: (f.get("text") ?? "").trim(),
    channelId: f.get("channel_id") ?? "",
    channelName: f.get("channel_name") ?? "",
    responseUrl: f.get("response_url") ?? "",
    userId: f.get("user_id") ?? "",
  };
}

/**
 * Answers a command within Slack's 3-second limit: work that is not done after `deadlineMs`
 * is answered with an acknowledgement, and its result is posted to response_url when ready.
 */
export async function handleSlashCommand(db: Db, cmd: SlashCommand, opts: { deadlineMs?: number; now?: Date } = {}): Promise<CommandReply> {
  const work = answer(db, cmd, opts.now ?? new Date()).catch((err): CommandReply => {
    logger().error({ err }, "slack: command failed");
    return { response_type: "ephemeral", text: "Sorry, that command failed on the QA Studio server. Try again in a moment." };
  });
  const deadline = opts.deadlineMs ?? 2500;
  const late = Symbol("late");
  const first = deadline <= 0 ? late : await Promise.race([work, new Promise<typeof late>((r) => setTimeout(() => r(late), deadline).unref?.())]);
  if (first !== late) return first;
  void work.then((reply) => postToResponseUrl(cmd.responseUrl, reply));
  return { response_type: "ephemeral", text: "Working on it… the answer follows in a moment." };
}

/** response_url is Slack's (hooks.slack.com), or the configured API host for proxies and tests. */
async function postToResponseUrl(url: string, reply: CommandReply): Promise<void> {
  if (!url) return;
  const allowed = new Set(["https://hooks.slack.com"]);
  const api = slackEnv().SLACK_API_URL;
  if (api) allowed.add(new URL(api).origin);
  if (!allowed.has(new URL(url).origin)) return;
  try {
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...reply, replace_original: true }) });
  } catch (err) {
    logger().error({ err }, "slack: response_url post failed");
  }
}

export const HELP_TEXT = [
  "*QA Studio commands*",
  "`/qa status [PROJECTKEY] <milestone>` — the milestone's verdict, pass rate, progress, due date and open critical failures. The project key may be left out in a channel connected to exactly one project.",
  "Commands answer only in the Slack channel connected to the project.",
  "`/qa due [PROJECTKEY]` — milestones due within the project's warning window, and overdue ones.",
  "`/qa help` — this list.",
].join("\n");

type ProjectRow = { id: string; key: string; name: string; settings: unknown; channel: string };

async function answer(db: Db, cmd: SlashCommand, now: Date): Promise<CommandReply> {
  const [verb = "help", ...rest] = cmd.text.split(/\s+/).filter(Boolean);
  switch (verb.toLowerCase()) {
    case "status":
      return status(db, cmd, rest, now);
    case "due":
      return due(db, cmd, rest, now);
    case "help":
      return { response_type: "ephemeral", text: HELP_TEXT };
    default:
      return { response_type: "ephemeral", text: `Unknown command "${verb}".\n${HELP_TEXT}` };
  }
}

/** Projects an admin connected to Slack (a channel is set): only these answer commands. */
async function connectedProjects(db: Db): Promise<ProjectRow[]> {
  return rowsOf<ProjectRow>(
    await db.execute(sql`
      select p.id, p.key, p.name, p.settings, s.channel
      from projects p join slack_settings s on s.project_id = p.id
      where s.channel is not null order by p.key`),
  );
}

function inChannel(p: ProjectRow, cmd: SlashCommand): boolean {
  return p.channel === cmd.channelId || p.channel.replace(/^#/, "") === cmd.channelName;
}

/**
 * Commands answer for a project only in the channel its admin connected to it: a channel in
 * Slack is not a QA Studio permission, and that project's channel may be private. So the key
 * of a project connected elsewhere gets the same refusal as a channel with no project at all.
 */
export const NOT_AVAILABLE_HERE =
  "Not available in this channel. QA Studio answers for a project only in the Slack channel its admin connected to it (Project settings → Slack alerts); run the command there.";

/** The project named by the first word (when it is a connected project's key), or the channel's only project. */
async function resolveProject(
  db: Db,
  cmd: SlashCommand,
  words: string[],
  keyNeedsMore: boolean,
): Promise<{ project: ProjectRow; rest: string[] } | { error: string }> {
  const projects = await connectedProjects(db);
  const here = projects.filter((p) => inChannel(p, cmd));
  const byKey = words[0] ? projects.find((p) => p.key === words[0].toUpperCase()) : undefined;
  if (byKey && (!keyNeedsMore || words.length > 1)) {
    return here.includes(byKey) ? { project: byKey, rest: words.slice(1) } : { error: NOT_AVAILABLE_HERE };
  }
  if (here.length === 1) return { project: here[0], rest: words };
  if (here.length > 1) {
    return { error: `This channel gets alerts for several projects (${here.map((p) => p.key).join(", ")}); name one, e.g. \`/qa ${cmd.text.split(/\s+/)[0]} ${here[0].key} …\`` };
  }
  return { error: NOT_AVAILABLE_HERE };
}

async function status(db: Db, cmd: SlashCommand, words: string[], now: Date): Promise<CommandReply> {
  const found = await resolveProject(db, cmd, words, true);
  if ("error" in found) return { response_type: "ephemeral", text: found.error };
  const { project, rest } = found;
  const name = rest.join(" ").trim();
  if (!name) return { response_type: "ephemeral", text: `Which milestone? e.g. \`/qa status ${project.key} v2.4.0\`` };
  const milestones = rowsOf<{ id: string; name: string; status: string }>(
    await db.execute(sql`select id, name, status from milestones where project_id = ${project.id} order by (status = 'ACTIVE') desc, created_at desc`),
  );
  const exact = milestones.filter((m) => m.name.toLowerCase() === name.toLowerCase());
  const partial = milestones.filter((m) => m.name.toLowerCase().includes(name.toLowerCase()));
  const m = exact[0] ?? (partial.length === 1 ? partial[0] : undefined);
  if (!m) {
    const active = milestones.filter((x) => x.status === "ACTIVE").slice(0, 10);
    const hint = partial.length > 1 ? `Several match: ${partial.map((x) => x.name).join(", ")}.` : active.length ? `Active milestones: ${active.map((x) => x.name).join(", ")}.` : "";
    return { response_type: "ephemeral", text: `No milestone named "${name}" in ${project.key}. ${hint}`.trim() };
  }
  const s = await milestoneSummary(systemCtx(db, project), m.id, { now, includeChildren: false });
  const links = { publicUrl: defaultPublicUrl(), projectId: project.id, projectKey: project.key };
  return {
    response_type: "in_channel",
    text: escape(`${project.key} · ${milestoneText(s)}`),
    blocks: [{ type: "header", text: { type: "plain_text", text: `${project.key} · ${s.milestone.name}`.slice(0, 150) } }, ...milestoneBlocks(s, links)],
  };
}

async function due(db: Db, cmd: SlashCommand, words: string[], now: Date): Promise<CommandReply> {
  const found = await resolveProject(db, cmd, words, false);
  if ("error" in found) return { response_type: "ephemeral", text: found.error };
  const { project } = found;
  const window = readSettings(project.settings).warningWindowDays;
  const until = new Date(now.getTime() + (window + 1) * 86_400_000);
  const rows = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`
      select id, name from milestones
      where project_id = ${project.id} and status = 'ACTIVE' and due_date is not null and due_date < ${until.toISOString()}::timestamptz
      order by due_date limit 20`),
  );
  const links = { publicUrl: defaultPublicUrl(), projectId: project.id, projectKey: project.key };
  const lines: string[] = [];
  for (const r of rows) {
    const s = await milestoneSummary(systemCtx(db, project), r.id, { now, includeChildren: false });
    const d = s.risk.daysLeft;
    if (d !== null && d > window) continue;
    lines.push(
      `• <${milestoneUrl(links, r.id)}|${escape(s.milestone.name)}> — ${s.milestone.dueDate?.slice(0, 10)} (${daysLeftText(d)}), ${s.verdict === "GO" ? "GO" : "NO GO"}, pass rate ${s.passRate === null ? "–" : `${s.passRate.toFixed(1)}%`}, progress ${s.progress.toFixed(1)}%`,
    );
  }
  const head = `*${project.key}: milestones due within ${window} day${window === 1 ? "" : "s"}*`;
  const body = lines.length ? lines.join("\n") : "None: nothing is due within the warning window.";
  return { response_type: "ephemeral", text: `${head}\n${body}`, blocks: [section(`${head}\n${body}`)] };
}

const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => "error" as never,
  setName() {},
};
