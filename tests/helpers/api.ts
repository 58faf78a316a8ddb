import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { SESSION_COOKIES } from "@/lib/auth/actor";
import { SESSION_VERSION_CLAIM } from "@/lib/auth/session-version";

type RouteModule = Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;

// Every route handler under app/api, matched the way Next.js matches dynamic segments.
const modules = import.meta.glob<RouteModule>("/app/api/**/route.ts");
const routes = Object.entries(modules)
  .filter(([file]) => !file.includes("[..."))
  .map(([file, load]) => {
    const pattern = file.replace(/^\/app/, "").replace(/\/route\.ts$/, "");
    const names: string[] = [];
    const regex = new RegExp(
      "^" +
        pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
          names.push(name);
          return "([^/]+)";
        }) +
        "$",
    );
    return { regex, names, load, literal: !names.length };
  })
  // Literal paths win over dynamic ones, as in Next.js.
  .sort((a, b) => Number(b.literal) - Number(a.literal) || a.names.length - b.names.length);

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export type CallOptions = {
  key?: string;
  cookie?: string;
  body?: unknown;
  /** A body sent as is: text, bytes, FormData (multipart), or a stream. */
  rawBody?: BodyInit;
  headers?: Record<string, string>;
};

/** Calls a route handler in-process with a real Request, exactly as Next.js would. */
export async function call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse<T>> {
  const url = new URL(path, "http://localhost:3000");
  const match = routes.map((r) => ({ r, m: r.regex.exec(url.pathname) })).find((x) => x.m);
  if (!match) throw new Error(`No route for ${path}`);
  const mod = await match.r.load();
  const handler = mod[method];
  if (!handler) return { status: 405, body: null as T, headers: new Headers() };
  const params = Object.fromEntries(match.r.names.map((n, i) => [n, decodeURIComponent(match.m![i + 1])]));
  const headers = new Headers(opts.headers);
  if (opts.key) headers.set("authorization", `Bearer ${opts.key}`);
  if (opts.cookie) headers.set("cookie", opts.cookie);
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  // Node needs `duplex` to send a stream as a request body.
  const init = { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit;
  // As in Next.js, a route without dynamic segments gets no params.
  const routeCtx = match.r.literal ? ({} as { params: Promise<Record<string, string>> }) : { params: Promise.resolve(params) };
  const res = await handler(new Request(url, init), routeCtx);
  const text = await res.text();
  return { status: res.status, body: (text ? parseBody(text, res.headers) : null) as T, headers: res.headers };
}

/** JSON bodies parsed; a download that is not JSON (CSV, text) comes back as its text. */
function parseBody(text: string, headers: Headers): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (/json/i.test(headers.get("content-type") ?? "application/json")) throw err;
    return text;
  }
}

/** A browser session cookie for a user, signed the way Auth.js signs it, for the user's current session version. */
export async function sessionCookie(userId: string): Promise<string> {
  const name = SESSION_COOKIES[1];
  const [user] = await getDb().select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId));
  const token = await encode({ token: { sub: userId, [SESSION_VERSION_CLAIM]: user?.v ?? 1 }, secret: process.env.AUTH_SECRET!, salt: name });
  return `${name}=${token}`;
}

/** A client bound to one API key. */
export function client(key: string) {
  return {
    get: <T = any>(path: string) => call<T>("GET", path, { key }),
    post: <T = any>(path: string, body?: unknown) => call<T>("POST", path, { key, body }),
    patch: <T = any>(path: string, body?: unknown) => call<T>("PATCH", path, { key, body }),
    delete: <T = any>(path: string) => call<T>("DELETE", path, { key }),
  };
}
