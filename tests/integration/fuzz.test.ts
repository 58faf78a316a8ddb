import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "@/lib/api/pagination";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import type { JsonSchema, OpenApiDocument, Operation } from "@/lib/openapi/types";
import { proxy } from "@/proxy";
import { call, type ApiResponse, type CallOptions } from "../helpers/api";
import { POLICY } from "../helpers/permission-policy";
import { buildWorld, fingerprint, pathIds, type World } from "../helpers/permission-world";

/**
 * Every operation of the OpenAPI document × every class of malformed value, sent as the project's
 * admin (the caller who gets furthest into validation) and, for path parameters, without
 * credentials too. Requests go through proxy.ts first, as in the server, then to the route handler
 * in-process. Asserts: never a 5xx; every 4xx in the one error shape; a refused request leaves the
 * database exactly as it was (the permission matrix's fingerprint).
 */
const filesDir = (process.env.QA_STUDIO_FILES_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "qa-fuzz-files-")));
afterAll(() => fs.rmSync(filesDir, { recursive: true, force: true }));

const doc: OpenApiDocument = buildOpenApiDocument();
/** Auth.js's own endpoints are not in the document; the document itself takes no input. */
// Neither reads any input. Readiness answers 503 here by design (this process starts no job queue);
// tests/integration/observability.test.ts covers both of its answers.
const SKIP = new Set(["GET /api/openapi.json", "GET /api/ready"]);

const HUGE = "x".repeat(100_000);
const FORGED_CURSORS = [
  encodeCursor(["abc", "x"]),
  encodeCursor(["0000-01-01T00:00:00.000000Z", "x"]),
  encodeCursor(["99999999999", "\u0000"]),
  encodeCursor([1, 2, 3]),
  Buffer.from("\u0000").toString("base64url"),
  "%%%",
];
/** Raw (already encoded) path segments: NUL, bad percent-encoding, an encoded lone surrogate, huge, odd ids. */
const PATH_VALUES = ["a%00b", "%FF", "%ED%A0%80", "%E0%A4%A", "x".repeat(3000), "-1", "ZZ-99999999999", "%20"];
/** The ones also sent without credentials: they must be refused before anything reads the database. */
const PATH_VALUES_ANONYMOUS = ["%00", "%ED%A0%80"];
/** Raw query values, as they appear after `name=`. */
const QUERY_VALUES = ["%00", "%ED%A0%80", "", "x".repeat(5000), "-1", "1e309", "abc", "0000-01-01T00%3A00%3A00Z", "99999-12-31", "%E2%80%8B%2C%2C"];
const NESTED_NUL_KEY = JSON.parse('{"\\u0000":1}');
const BODY_VALUES: unknown[] = [
  null,
  -1,
  1e308,
  true,
  HUGE,
  "a\u0000b",
  "a\ud800b",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59-05:00",
  [{}],
  NESTED_NUL_KEY,
  "ZZ-99999999999",
];
/** Whole bodies: [content type, raw body]. */
const WHOLE_BODIES: [string, string][] = [
  ["application/json", "{"],
  ["application/json", "[]"],
  ["application/json", "null"],
  ["application/json", '"\\u0000"'],
  ["application/json", ""],
  ["application/json", '{"\\ud800":1}'],
  ["application/json", "[".repeat(50_000) + "]".repeat(50_000)],
  ["application/json", JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) })],
  ["text/plain", "{}"],
  ["application/x-www-form-urlencoded", "a=%00"],
  ["multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\u0000\r\n--zz--"],
  ["application/xml", "<a>\u0000</a>"],
  ["text/csv", "title\n\u0000\n"],
];

const totals = { operations: 0, requests: 0, refused: 0, accepted: 0, serverErrors: 0 };

/** Through proxy.ts, as the server does; the handler only sees what the proxy lets through. */
async function send(method: string, url: string, opts: CallOptions): Promise<ApiResponse & { byProxy: boolean }> {
  totals.requests++;
  const gate = proxy(new NextRequest(new URL(url, "http://localhost:3000"), { method }));
  if (gate.headers.get("x-middleware-next") !== "1") {
    const text = await gate.text();
    return { status: gate.status, body: text ? JSON.parse(text) : null, headers: gate.headers, byProxy: true };
  }
  return { ...(await call(method, url, opts)), byProxy: false };
}

function resolve(schema: JsonSchema | undefined): JsonSchema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s.$ref === "string"; i++) s = doc.components.schemas[(s.$ref as string).split("/").pop()!];
  return s;
}

/** Every leaf path of a JSON value (up to depth 3), e.g. ["results", "0", "startedAt"]. */
function leafPaths(value: unknown, prefix: string[] = [], depth = 0): string[][] {
  if (depth >= 3 || value === null || typeof value !== "object") return prefix.length ? [prefix] : [];
  const entries = Array.isArray(value) ? value.slice(0, 1).map((v, i) => [String(i), v] as const) : Object.entries(value);
  const inner = entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k], depth + 1));
  return prefix.length ? [prefix, ...inner] : inner;
}

function withValue(base: unknown, at: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[at[at.length - 1]] = value;
  return copy;
}

type Case = { label: string; url: string; opts: CallOptions };

function casesFor(w: World, method: string, template: string, op: Operation, key: string): Case[] {
  const route = `${method.toUpperCase()} ${template.replace(/\{(\w+)\}/g, "[$1]")}`;
  const policy = POLICY[route];
  if (!policy) throw new Error(`No permission policy for ${route}`);
  const ids = pathIds(w);
  const valid = policy.path ? policy.path(w) : template.replace(/\{(\w+)\}/g, (_, n: string) => ids[n] ?? "unknown");
  const [validPath, validQuery = ""] = valid.split("?");
  const segments = validPath.split("/");
  const templateSegments = template.split("/");
  const cases: Case[] = [];
  const auth = { key };
  const baseOpts = (): CallOptions =>
    policy.rawBody
      ? { ...auth, rawBody: policy.rawBody(w), headers: { "content-type": policy.contentType ?? "application/octet-stream" } }
      : method === "get" || method === "delete"
        ? auth
        : { ...auth, body: policy.body?.(w) ?? {} };
  const withQuery = (p: string, q: string) => (q ? `${p}?${q}` : p);

  // Path parameters, with and without credentials.
  templateSegments.forEach((seg, i) => {
    const name = /^\{(\w+)\}$/.exec(seg)?.[1];
    if (!name) return;
    const url = (raw: string) => withQuery(segments.map((s, j) => (j === i ? raw : s)).join("/"), validQuery);
    for (const raw of PATH_VALUES) cases.push({ label: `path ${name}=${raw.slice(0, 20)}`, url: url(raw), opts: baseOpts() });
    for (const raw of PATH_VALUES_ANONYMOUS) {
      cases.push({ label: `path ${name}=${raw} (no credentials)`, url: url(raw), opts: { ...baseOpts(), key: undefined } });
    }
  });

  // Query parameters: each documented one, plus a cursor everywhere a list takes one.
  const queryNames = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
  for (const name of queryNames) {
    for (const raw of name === "cursor" ? [...QUERY_VALUES, ...FORGED_CURSORS.map(encodeURIComponent)] : QUERY_VALUES) {
      const q = [validQuery, `${encodeURIComponent(name)}=${raw}`].filter(Boolean).join("&");
      cases.push({ label: `query ${name}=${raw.slice(0, 20)}`, url: withQuery(validPath, q), opts: baseOpts() });
    }
  }
  cases.push({ label: "query key NUL", url: withQuery(validPath, [validQuery, "a%00=1"].filter(Boolean).join("&")), opts: baseOpts() });

  // JSON bodies: every field of the valid body and of the schema, one at a time.
  const json = op.requestBody?.content["application/json"];
  if (json && !policy.rawBody) {
    const base = (policy.body?.(w) ?? {}) as Record<string, unknown>;
    const props = Object.keys((resolve(json.schema).properties as Record<string, unknown>) ?? {});
    const paths = [...leafPaths(base), ...props.filter((p) => !(p in base)).map((p) => [p])];
    for (const at of paths) {
      for (const value of BODY_VALUES) {
        cases.push({ label: `body ${at.join(".")}=${JSON.stringify(value)?.slice(0, 20)}`, url: valid, opts: { ...auth, body: withValue(policy.body?.(w) ?? {}, at, value) } });
      }
    }
  }
  // Whole bodies of the wrong shape or type, for every operation that takes a body.
  if (op.requestBody) {
    for (const [type, raw] of WHOLE_BODIES) {
      cases.push({ label: `body ${type} ${JSON.stringify(raw.slice(0, 15))}`, url: valid, opts: { ...auth, rawBody: raw, headers: { "content-type": type } } });
    }
  }
  return cases;
}

describe("fuzz: every operation × malformed input", () => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld();
  });
  afterAll(() => {
    console.log(
      `fuzz: ${totals.operations} operations, ${totals.requests} requests: ${totals.refused} refused with 4xx, ${totals.accepted} accepted, ${totals.serverErrors} answered 5xx`,
    );
  });

  const ops = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => ({ template, method, op: op as Operation })),
  );

  it("covers every operation of the document", () => {
    expect(ops.length).toBeGreaterThanOrEqual(90);
  });

  for (const { template, method, op } of ops) {
    const name = `${method.toUpperCase()} ${template}`;
    if (SKIP.has(name)) continue;
    it(name, async () => {
      totals.operations++;
      const failures: string[] = [];
      let before = await fingerprint();
      for (const c of casesFor(w, method, template, op, w.keys.admin!)) {
        const res = await send(method.toUpperCase(), c.url, c.opts);
        if (res.status >= 500) {
          totals.serverErrors++;
          failures.push(`${c.label}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        } else if (res.status >= 400) {
          totals.refused++;
          if (!res.body || Object.keys(res.body).join() !== "error" || typeof res.body.error?.code !== "string") {
            failures.push(`${c.label}: ${res.status} without the error shape: ${JSON.stringify(res.body).slice(0, 200)}`);
          }
        } else totals.accepted++;
        // Refused by proxy.ts, the request never reached a handler: nothing to compare.
        if (res.byProxy) continue;
        const after = await fingerprint();
        if (res.status >= 400 && after !== before) failures.push(`${c.label}: refused with ${res.status} but changed the database`);
        before = after;
      }
      expect(failures).toEqual([]);
    }, 60_000);
  }
});
