import type { MilestoneSummary, OpenFailure } from "@/lib/milestones/summary-schemas";

/** A Slack message: Block Kit blocks and the plain `text` Slack shows in notifications and old clients. */
export type SlackMessage = { text: string; blocks: Block[] };
type Block = Record<string, unknown>;

export type MessageLinks = { publicUrl: string; projectId: string; projectKey: string };

const TOP_FAILURES = 5;

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
/**
 * Slack treats &, < and > as control characters in mrkdwn and in a message's plain `text` alike
 * (`<!here>` pings the channel, `<url|label>` disguises a link), so user text is escaped in both.
 */
export const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The reverse of `escape`, for showing a message's `text` outside Slack (the notification centre). */
export const unescapeSlackText = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function milestoneUrl(links: MessageLinks, milestoneId: string): string {
  return `${links.publicUrl.replace(/\/$/, "")}/projects/${encodeURIComponent(links.projectId)}/milestones/${encodeURIComponent(milestoneId)}`;
}

export function runUrl(links: MessageLinks, runId: string): string {
  return `${links.publicUrl.replace(/\/$/, "")}/projects/${encodeURIComponent(links.projectId)}/runs/${encodeURIComponent(runId)}`;
}

const pct = (x: number | null) => (x === null ? "–" : `${x.toFixed(1)}%`);

export function dueText(s: MilestoneSummary): string {
  if (!s.milestone.dueDate) return "no due date";
  return s.milestone.dueDate.slice(0, 10);
}

export function daysLeftText(daysLeft: number | null): string {
  if (daysLeft === null) return "–";
  if (daysLeft < 0) return `overdue by ${-daysLeft} day${daysLeft === -1 ? "" : "s"}`;
  if (daysLeft === 0) return "due today";
  return `${daysLeft} day${daysLeft === 1 ? "" : "s"}`;
}

export function criticalFailures(s: MilestoneSummary): OpenFailure[] {
  return s.openFailures.filter((f) => f.priority === "CRITICAL").slice(0, TOP_FAILURES);
}

/** The milestone part every alert carries: due date, days left, risk, verdict, pass rate, progress, critical failures, button. */
export function milestoneBlocks(s: MilestoneSummary, links: MessageLinks): Block[] {
  const critical = criticalFailures(s);
  const totalCritical = s.openFailures.filter((f) => f.priority === "CRITICAL").length;
  const verdict = s.verdict === "GO" ? ":large_green_circle: GO" : ":red_circle: NO GO";
  const blocks: Block[] = [
    {
      type: "section",
      fields: [
        mrkdwn(`*Milestone*\n${escape(s.milestone.name)}`),
        mrkdwn(`*Due*\n${dueText(s)} (${daysLeftText(s.risk.daysLeft)})`),
        mrkdwn(`*Verdict*\n${verdict}`),
        mrkdwn(`*Pass rate*\n${pct(s.passRate)} (threshold ${s.passRateThreshold}%)`),
        mrkdwn(`*Progress*\n${pct(s.progress)} of ${s.counts.total} entries`),
        mrkdwn(`*Runs*\n${s.runs.completed} of ${s.runs.total - s.runs.aborted} completed`),
      ],
    },
    { type: "context", elements: [mrkdwn(`${riskEmoji(s.risk.level)} *Schedule: ${RISK_LABELS[s.risk.level]}*. ${escape(s.risk.message)}`)] },
  ];
  const since = regressionText(s);
  if (since) blocks.push({ type: "context", elements: [mrkdwn(`${s.regressions.new ? ":new:" : ":heavy_minus_sign:"} ${escape(since)}`)] });
  if (s.verdict === "NO_GO" && s.reasons.length) {
    blocks.push({ type: "section", text: mrkdwn(`*Why not GO*\n${s.reasons.map((r) => `• ${escape(r.message)}`).join("\n")}`) });
  }
  blocks.push({
    type: "section",
    text: mrkdwn(
      critical.length
        ? `*Open critical failures* (${totalCritical})\n${critical
            .map((f) => `• \`${f.caseKey}\` ${escape(f.title)} — ${f.status.toLowerCase()} in ${escape(f.environment.name)}`)
            .join("\n")}${totalCritical > critical.length ? `\n…and ${totalCritical - critical.length} more` : ""}`
        : "*Open critical failures*\nNone",
    ),
  });
  blocks.push({
    type: "actions",
    elements: [{ type: "button", text: { type: "plain_text", text: "Open milestone" }, url: milestoneUrl(links, s.milestone.id), action_id: "open_milestone" }],
  });
  return blocks;
}

/** The plain fallback with the same facts, for notifications and clients without blocks; not yet escaped for Slack. */
export function milestoneText(s: MilestoneSummary): string {
  const critical = s.openFailures.filter((f) => f.priority === "CRITICAL").length;
  return [
    `${s.milestone.name}: due ${dueText(s)} (${daysLeftText(s.risk.daysLeft)}).`,
    `Schedule: ${RISK_LABELS[s.risk.level]}. ${s.risk.message}.`,
    `Verdict ${s.verdict === "GO" ? "GO" : "NO GO"}, pass rate ${pct(s.passRate)}, progress ${pct(s.progress)}.`,
    ...(regressionText(s) ? [`${regressionText(s)}.`] : []),
    critical ? `${critical} open critical failure${critical === 1 ? "" : "s"}.` : "No open critical failures.",
  ].join(" ");
}

/** "2 new failures since v2.3.0" (null without a baseline milestone). */
export function regressionText(s: MilestoneSummary): string | null {
  const r = s.regressions;
  if (!r.baseline) return null;
  const n = r.new === 0 ? "No new failures" : `${r.new} new failure${r.new === 1 ? "" : "s"}`;
  return `${n} since ${r.baseline.name}`;
}

/** The schedule risk in words, as the pages show it (the verdict is separate). */
const RISK_LABELS: Record<MilestoneSummary["risk"]["level"], string> = {
  ON_TRACK: "On track",
  AT_RISK: "At risk",
  OVERDUE: "Overdue",
  NOT_STARTED: "Not started",
};

function riskEmoji(level: MilestoneSummary["risk"]["level"]): string {
  return level === "OVERDUE" ? ":rotating_light:" : level === "AT_RISK" ? ":warning:" : level === "NOT_STARTED" ? ":hourglass:" : ":white_check_mark:";
}

/** An alert: a headline above the milestone's state. */
export function alertMessage(headline: string, s: MilestoneSummary, links: MessageLinks, extra: Block[] = []): SlackMessage {
  return {
    text: escape(`${headline} — ${milestoneText(s)}`),
    blocks: [{ type: "header", text: { type: "plain_text", text: headline.slice(0, 150), emoji: true } }, ...extra, ...milestoneBlocks(s, links)],
  };
}

export function section(text: string): Block {
  return { type: "section", text: mrkdwn(text) };
}
