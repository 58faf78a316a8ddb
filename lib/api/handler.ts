import { randomUUID } from "node:crypto";
import { getDb, type Db } from "@/db/client";
import { SESSION_COOKIES, resolveCaller } from "@/lib/auth/actor";
import { withProject } from "@/lib/auth/project-access";
import type { Ctx, ProjectCtx } from "@/lib/context";
import { readBodyLimited } from "./read-body";
import { logger } from "@/lib/observability/logger";
import { noteActor } from "@/lib/observability/request-log";
import { keepStatisticsFresh } from "@/lib/statistics/keep-statistics-fresh";
import {
  AppError,
  ERROR_STATUS,
  ForbiddenError,
  InvalidJsonError,
  UnsupportedMediaTypeError,
  errorBody,
} from "@/lib/errors";
import { assertStorableText } from "./storable-text";

export const MAX_JSON_BYTES = 1024 * 1024;

type RouteContext = { params: Promise<Record<string, string>> };

export type HandlerArgs<P, C extends Ctx> = {
  req: Request;
  params: P;
  ctx: C;
  /** Query string parameters as a plain object (repeated keys keep the last value). */
  query: Record<string, string>;
  /** Parses the JSON body: 415 for another content type, 413 over the limit, 400 if malformed. */
  body: () => Promise<unknown>;
};

type Options<P = Record<string, string>, C extends Ctx = Ctx> = {
  maxBytes?: number;
  /**
   * For a request without credentials: a context granted by the request itself (a signed link,
   * a public setting), or undefined to answer 401 as usual.
   */
  guest?: (args: { db: Db; req: Request; params: P; requestId: string }) => Promise<C | undefined>;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Route handler for endpoints outside a project (`/api/projects`, `/api/api-keys`). */
export function route<P extends Record<string, string>>(
  fn: (args: HandlerArgs<P, Ctx>) => Promise<Response>,
  options: Options<P, Ctx> = {},
) {
  return wrap<P, Ctx>(async (ctx) => ctx, fn, options);
}

/** Route handler under `/api/projects/{projectId}/...`: the project is resolved and checked first. */
export function projectRoute<P extends { projectId: string }>(
  fn: (args: HandlerArgs<P, ProjectCtx>) => Promise<Response>,
  options: Options<P, ProjectCtx> = {},
) {
  return wrap<P, ProjectCtx>((ctx, params) => withProject(ctx, params.projectId), fn, options);
}

function wrap<P extends Record<string, string>, C extends Ctx>(
  bind: (ctx: Ctx, params: P) => Promise<C>,
  fn: (args: HandlerArgs<P, C>) => Promise<Response>,
  options: Options<P, C>,
) {
  return async (req: Request, routeCtx: RouteContext): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
    try {
      const db = getDb();
      // Next.js passes no params to a route without dynamic segments.
      const params = ((await routeCtx?.params) ?? {}) as P;
      // Before anything reads the database, also for callers without credentials.
      for (const [name, value] of Object.entries(params)) assertStorableText(value, name);
      const query = Object.fromEntries(new URL(req.url).searchParams);
      assertStorableText(query);
      const guest = options.guest && !hasCredentials(req) ? await options.guest({ db, req, params, requestId }) : undefined;
      let ctx: C;
      if (guest) ctx = guest;
      else {
        const caller = await resolveCaller(db, req);
        noteActor(req.headers, caller.actor.userId);
        if (caller.kind === "cookie" && !SAFE_METHODS.has(req.method)) checkOrigin(req);
        ctx = await bind({ db, actor: caller.actor, requestId }, params);
      }
      const res = await fn({ req, params, ctx, query, body: () => readJson(req, options.maxBytes ?? MAX_JSON_BYTES) });
      res.headers.set("x-request-id", requestId);
      if (!SAFE_METHODS.has(req.method) && res.ok) keepStatisticsFresh(db);
      return res;
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}

export function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof AppError) {
    return Response.json(errorBody(err), {
      status: ERROR_STATUS[err.code],
      headers: { "x-request-id": requestId, ...err.headers },
    });
  }
  logger().error({ requestId, err }, "request failed");
  return Response.json(
    { error: { code: "INTERNAL", message: `Something went wrong. Quote request id ${requestId} when reporting it.`, details: [] } },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

function hasCredentials(req: Request): boolean {
  const cookie = req.headers.get("cookie") ?? "";
  return req.headers.has("authorization") || SESSION_COOKIES.some((name) => cookie.includes(`${name}=`));
}

/** Browsers send Origin on writes; a cookie-authenticated write from another origin is refused. */
function checkOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  const allowed = new Set<string>();
  const publicUrl = process.env.QA_STUDIO_PUBLIC_URL;
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  allowed.add(new URL(req.url).origin);
  if (!origin || !allowed.has(origin)) {
    throw new ForbiddenError("Cross-origin write refused: the Origin header does not match this server.");
  }
}

async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) throw new UnsupportedMediaTypeError();
  const text = new TextDecoder().decode(await readBodyLimited(req, maxBytes));
  if (!text.trim()) throw new InvalidJsonError("The request body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidJsonError(`The request body is not valid JSON: ${(err as Error).message}`);
  }
  assertStorableText(value);
  return value;
}

export const json = (data: unknown, status = 200) => Response.json(data, { status });
export const created = (data: unknown) => Response.json(data, { status: 201 });
export const noContent = () => new Response(null, { status: 204 });
