import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Server } from "node:net";
import { logger } from "./logger";
import { metrics } from "./metrics";
import { routeTemplate } from "./route-template";

/**
 * One JSON log line and one histogram observation per HTTP request the process serves, pages and
 * API alike: request id, method, route template, status, duration and the actor's id. Never a
 * header value, cookie, key or body.
 *
 * It hooks the `request` event of every server (as the peer-address stamp does), because Next.js
 * gives route code neither the final status nor the time a response finished. The request id is
 * the caller's `X-Request-Id` when it is a plain token of up to 100 characters, else a new UUID;
 * it is set on the request (the API wrapper and pages read it) and on the response. The code that
 * resolves the caller tells the hook who it was through `noteActor`, keyed by an internal header
 * the client cannot set.
 */
export const LOG_KEY_HEADER = "x-qa-studio-log-key";
const INSTALLED = Symbol.for("qa-studio.request-log");
const ACTORS = Symbol.for("qa-studio.request-actors");
// Shared through globalThis: the hook is installed from the instrumentation bundle, and noteActor
// is called from route and page bundles, each with its own copy of this module.
const store = globalThis as typeof globalThis & { [ACTORS]?: Map<string, string> };
const actors = (store[ACTORS] ??= new Map<string, string>());
const REQUEST_ID = /^[\w.:@-]{1,100}$/;

export function observeRequests(): void {
  const proto = Server.prototype as Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const emit = proto.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function emitObserved(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") observe(args[0] as IncomingMessage, args[1] as ServerResponse);
    return emit.call(this, event, ...args);
  } as Server["emit"];
  proto[INSTALLED] = true;
}

function observe(req: IncomingMessage, res: ServerResponse): void {
  if (!req?.headers || typeof res?.on !== "function") return;
  const started = process.hrtime.bigint();
  const given = req.headers["x-request-id"];
  const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
  const key = randomUUID();
  req.headers["x-request-id"] = requestId;
  req.headers[LOG_KEY_HEADER] = key;
  res.setHeader("x-request-id", requestId);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0];
    const route = routeTemplate(path);
    const status = res.writableFinished ? res.statusCode : 499; // 499: the client went away first
    const actorId = actors.get(key);
    actors.delete(key);
    metrics().httpDuration.observe({ route, method, status: String(status) }, seconds);
    // Static assets only at debug level: a page load fetches dozens of them.
    const level = route === "/_next/*" ? "debug" : "info";
    logger()[level]({ requestId, method, route, status, durationMs: Math.round(seconds * 10_000) / 10, actorId: actorId ?? null }, "request");
  };
  res.on("finish", finish);
  res.on("close", finish);
}

/** Records who made the request, for its log line. `headers` are the request's own. */
export function noteActor(headers: { get(name: string): string | null }, actorId: string): void {
  const key = headers.get(LOG_KEY_HEADER);
  if (key) actors.set(key, actorId);
}
