import { webApi } from "@slack/bolt";
import { slackEnv } from "@/lib/env";

/** What a caller needs to know about a failed Slack call: whether and when to try again. */
export type SlackFailure = {
  /** invalid_auth, channel_not_found, rate_limited, http_503, unreachable ... */
  code: string;
  message: string;
  /** Worth retrying (outage, rate limit); false for configuration problems. */
  retryable: boolean;
  /** Seconds Slack asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
};

export type PostMessage = { channel: string; text: string; blocks?: unknown[] };
export type SlackPostResult = { ok: true; ts: string; channel: string } | { ok: false; failure: SlackFailure };
export type SlackAuthResult = { ok: true; team: string; user: string } | { ok: false; failure: SlackFailure };

const CONFIG_ERRORS = new Set([
  "not_authed",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "no_permission",
  "missing_scope",
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "invalid_blocks",
  "msg_too_long",
  "no_text",
]);

export type SlackClientOptions = { token?: string; apiUrl?: string };

/**
 * A thin wrapper over @slack/web-api's WebClient. Retries are ours (the outbox decides when to
 * try again, honouring Retry-After), so the client itself never retries or waits.
 */
export class SlackClient {
  private readonly client: InstanceType<typeof webApi.WebClient> | null;

  constructor(options: SlackClientOptions = {}) {
    const env = slackEnv();
    const token = options.token ?? env.SLACK_BOT_TOKEN;
    const apiUrl = options.apiUrl ?? env.SLACK_API_URL;
    this.client = token
      ? new webApi.WebClient(token, {
          slackApiUrl: apiUrl ?? "https://slack.com/api/",
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
          timeout: 10_000,
          allowAbsoluteUrls: false,
          logLevel: webApi.LogLevel.ERROR,
        })
      : null;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  async authTest(): Promise<SlackAuthResult> {
    if (!this.client) return { ok: false, failure: missingToken() };
    try {
      const res = await this.client.auth.test();
      return { ok: true, team: String(res.team ?? ""), user: String(res.user ?? "") };
    } catch (err) {
      return { ok: false, failure: describe(err) };
    }
  }

  async postMessage(msg: PostMessage): Promise<SlackPostResult> {
    if (!this.client) return { ok: false, failure: missingToken() };
    try {
      const res = await this.client.chat.postMessage({
        channel: msg.channel,
        text: msg.text,
        ...(msg.blocks ? { blocks: msg.blocks as never } : {}),
        unfurl_links: false,
      });
      return { ok: true, ts: String(res.ts), channel: String(res.channel ?? msg.channel) };
    } catch (err) {
      return { ok: false, failure: describe(err) };
    }
  }
}

function missingToken(): SlackFailure {
  return {
    code: "missing_token",
    message: "SLACK_BOT_TOKEN is not set on the server, so QA Studio cannot post to Slack.",
    retryable: false,
  };
}

/** Maps @slack/web-api's errors to one shape. */
export function describe(err: unknown): SlackFailure {
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return { code: "rate_limited", message: `Slack rate-limited the call; retry after ${err.retryAfter} s.`, retryable: true, retryAfterSeconds: err.retryAfter };
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    return { code, message: `Slack answered "${code}".`, retryable: !CONFIG_ERRORS.has(code) };
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    return { code: `http_${err.statusCode}`, message: `Slack answered HTTP ${err.statusCode} ${err.statusMessage}.`, retryable: true };
  }
  if (err instanceof webApi.WebAPIRequestError) {
    return { code: "unreachable", message: `Could not reach Slack: ${err.original?.message ?? err.message}`, retryable: true };
  }
  return { code: "unknown", message: err instanceof Error ? err.message : String(err), retryable: true };
}

/** Plain words for the settings page and the test-message button. */
export function explainFailure(f: SlackFailure): string {
  switch (f.code) {
    case "missing_token":
      return "Slack is not connected: SLACK_BOT_TOKEN is not set on the server. Create a Slack app, install it, and set its bot token.";
    case "not_authed":
    case "invalid_auth":
    case "token_revoked":
    case "token_expired":
    case "account_inactive":
      return `Slack rejected the bot token (${f.code}). Check SLACK_BOT_TOKEN: it must be the app's current Bot User OAuth Token (xoxb-...).`;
    case "channel_not_found":
      return "Slack cannot find that channel. Use the channel ID (C0123...) or #name of a channel the bot can see.";
    case "not_in_channel":
      return "The bot is not in that channel. Invite it with /invite @QA Studio, then try again.";
    case "missing_scope":
      return "The Slack app lacks the chat:write scope. Add it under OAuth & Permissions and reinstall the app.";
    default:
      return `Slack did not accept the message: ${f.message}`;
  }
}
