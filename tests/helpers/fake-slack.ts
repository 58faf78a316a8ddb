import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake Slack Web API on 127.0.0.1 for tests: real @slack/web-api clients talk to it through
 * SLACK_API_URL. It records chat.postMessage calls (and response_url posts), checks the bearer
 * token like Slack does, and can be told to fail the next N calls or to rate-limit them.
 */
export type PostedMessage = { channel: string; text: string; blocks?: unknown[]; ts: string; token: string };

export type FakeSlack = {
  url: string;
  /** Base for SLACK_API_URL (ends with /api/). */
  apiUrl: string;
  messages: PostedMessage[];
  /** Bodies POSTed to /response/... (slash-command response_url). */
  responses: { path: string; body: unknown }[];
  /** Every chat.postMessage attempt, failed ones included. */
  attempts: number;
  /** The next n chat.postMessage calls answer HTTP 503. */
  failNext(n: number): void;
  /** The next n chat.postMessage calls answer 429 with Retry-After: seconds. */
  rateLimitNext(n: number, retryAfterSeconds: number): void;
  /** Tokens auth.test and chat.postMessage accept. */
  validTokens: Set<string>;
  /** Channels that exist; others answer channel_not_found. Empty: every channel exists. */
  channels: Set<string>;
  close(): Promise<void>;
};

export async function startFakeSlack(opts: { tokens?: string[]; port?: number } = {}): Promise<FakeSlack> {
  let fail = 0;
  let limited = 0;
  let retryAfter = 1;
  let seq = 0;
  const state = {
    messages: [] as PostedMessage[],
    responses: [] as { path: string; body: unknown }[],
    attempts: 0,
    validTokens: new Set(opts.tokens ?? ["xoxb-test-token"]),
    channels: new Set<string>(),
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const type = req.headers["content-type"] ?? "";
      const body: Record<string, unknown> = type.includes("json")
        ? raw
          ? JSON.parse(raw)
          : {}
        : Object.fromEntries(new URLSearchParams(raw));
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname.startsWith("/response/")) {
        state.responses.push({ path: url.pathname, body });
        return send(200, { ok: true });
      }
      const token = String(req.headers.authorization ?? "").replace(/^Bearer /, "") || String(body.token ?? "");
      const method = url.pathname.replace(/^\/api\//, "");
      if (method === "auth.test") {
        if (!state.validTokens.has(token)) return send(200, { ok: false, error: "invalid_auth" });
        return send(200, { ok: true, team: "Fake Team", user: "qa-studio", team_id: "T0001", user_id: "U0001", bot_id: "B0001" });
      }
      if (method === "chat.postMessage") {
        state.attempts++;
        if (fail > 0) {
          fail--;
          return send(503, { ok: false, error: "service_unavailable" });
        }
        if (limited > 0) {
          limited--;
          return send(429, { ok: false, error: "ratelimited" }, { "retry-after": String(retryAfter) });
        }
        if (!state.validTokens.has(token)) return send(200, { ok: false, error: "invalid_auth" });
        const channel = String(body.channel ?? "");
        if (state.channels.size && !state.channels.has(channel)) return send(200, { ok: false, error: "channel_not_found" });
        const blocks = typeof body.blocks === "string" ? JSON.parse(body.blocks) : body.blocks;
        const ts = `${1_700_000_000 + ++seq}.000100`;
        state.messages.push({ channel, text: String(body.text ?? ""), blocks: blocks as unknown[] | undefined, ts, token });
        return send(200, { ok: true, channel, ts, message: { text: body.text } });
      }
      send(200, { ok: false, error: "unknown_method" });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    get messages() {
      return state.messages;
    },
    get responses() {
      return state.responses;
    },
    get attempts() {
      return state.attempts;
    },
    validTokens: state.validTokens,
    channels: state.channels,
    failNext(n) {
      fail = n;
    },
    rateLimitNext(n, seconds) {
      limited = n;
      retryAfter = seconds;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
