import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { errorResponse } from "@/lib/api/handler";
import { startInstanceNotifier, stopInstanceNotifier } from "@/lib/notify/start";
import { createLogger, setLogger } from "@/lib/observability/logger";
import { noteActor, observeRequests } from "@/lib/observability/request-log";
import { loadTemplates, routeTemplate, UNMATCHED } from "@/lib/observability/route-template";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { createCiRunSetup } from "../helpers/factories";

/** Every log line the process writes during a test, parsed. */
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});
beforeAll(() => setLogger(createLogger(sink, "debug")));
afterEach(() => {
  lines.length = 0;
});
afterAll(() => setLogger(undefined));

describe("GET /api/health", () => {
  it("answers ok without credentials", async () => {
    const res = await call("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });
});

describe("GET /api/ready", () => {
  afterAll(() => stopInstanceNotifier());

  it("answers 503 in the error shape, naming the failing check, until the job queue has started; then 200", async () => {
    const before = await call("GET", "/api/ready");
    expect(before.status).toBe(503);
    expect(before.body.error).toMatchObject({ code: "NOT_READY", details: [{ field: "jobQueue", message: "The job queue has not started yet." }] });
    expect(Object.keys(before.body)).toEqual(["error"]);

    await startInstanceNotifier();
    const after = await call("GET", "/api/ready");
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: "ready", checks: { database: { ok: true }, migrations: { ok: true }, jobQueue: { ok: true } } });
  });

  it("is not ready while a migration this build ships is missing from the database", async () => {
    await startInstanceNotifier();
    const db = getDb();
    const [row] = rowsOf<{ id: number; hash: string; created_at: string }>(
      await db.execute(sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`),
    );
    await db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${row.id}`);
    try {
      const res = await call("GET", "/api/ready");
      expect(res.status).toBe(503);
      expect(res.body.error.details).toEqual([{ field: "migrations", message: expect.stringMatching(/^\d+ of \d+ migrations are applied/) }]);
    } finally {
      await db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${row.id}, ${row.hash}, ${row.created_at})`);
    }
    expect((await call("GET", "/api/ready")).status).toBe(200);
  });
});

describe("GET /api/metrics", () => {
  const TOKEN = "metrics-token-0123456789abcdef";
  afterEach(() => {
    delete process.env.QA_STUDIO_METRICS_TOKEN;
  });

  it("does not exist while QA_STUDIO_METRICS_TOKEN is unset", async () => {
    const res = await call("GET", "/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });

  it("refuses a missing or wrong token with 401, and serves the Prometheus text with the right one", async () => {
    process.env.QA_STUDIO_METRICS_TOKEN = TOKEN;
    expect((await call("GET", "/api/metrics")).status).toBe(401);
    const wrong = await call("GET", "/api/metrics", { headers: { authorization: "Bearer metrics-token-0123456789abcdeX" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("UNAUTHENTICATED");

    const { owner, url } = await createCiRunSetup();
    const batch = await owner.api.post(url, { results: [1, 2, 3].map((i) => ({ testKey: `metrics.spec.ts › test ${i}`, status: "passed" })) });
    expect(batch.body.created).toBe(3);
    const scrape = async () => {
      const res = await fetchText("/api/metrics", TOKEN);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^text\/plain/);
      return res.text;
    };
    const text = await scrape();
    const ingested = (t: string) => Number(/^qa_studio_results_ingested_total\{source="api"\} (\d+)$/m.exec(t)?.[1]);
    expect(ingested(text)).toBeGreaterThanOrEqual(3);
    for (const name of ["qa_studio_notification_outbox_rows{state=\"PENDING\"}", "qa_studio_db_pool_connections{state=\"open\"}", "qa_studio_db_pool_size", "process_cpu_user_seconds_total", "nodejs_heap_size_used_bytes"]) {
      expect(text).toContain(name);
    }
    expect(text).toContain("# TYPE http_request_duration_seconds histogram");
    expect(text).toContain("# TYPE qa_studio_junit_imports_total counter");
    expect(text).toContain("# TYPE qa_studio_job_queue_depth gauge");
    await owner.api.post(url, { results: [{ testKey: "metrics.spec.ts › test 4", status: "failed" }] });
    expect(ingested(await scrape())).toBe(ingested(text) + 1);
  });
});

async function fetchText(path: string, token: string): Promise<{ status: number; type: string; text: string }> {
  const mod = await import("@/app/api/metrics/route");
  const res = await mod.GET(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } }));
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

describe("request log", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    observeRequests();
    // A plain Node server stands in for Next.js's: the hook sees every server's requests.
    server = http.createServer((req, res) => {
      noteActor({ get: (name) => (req.headers[name] as string | undefined) ?? null }, "user-42");
      res.statusCode = req.url?.startsWith("/api/projects/") ? 201 : 404;
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("writes one JSON line per request: request id, method, route template, status, duration, actor; never headers or bodies", async () => {
    const res = await fetch(`${base}/api/projects/DEMO/milestones/m_123/waivers?x=1`, {
      method: "POST",
      headers: { authorization: "Bearer qas_secret", cookie: "authjs.session-token=secret", "x-request-id": "ci-run-77.3" },
      body: JSON.stringify({ password: "hunter2" }),
    });
    await res.text();
    expect(res.headers.get("x-request-id")).toBe("ci-run-77.3");
    await new Promise((r) => setTimeout(r, 20));
    const logged = lines.filter((l) => l.msg === "request");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 30,
      requestId: "ci-run-77.3",
      method: "POST",
      route: "/api/projects/[projectId]/milestones/[milestoneId]/waivers",
      status: 201,
      actorId: "user-42",
    });
    expect(typeof logged[0].durationMs).toBe("number");
    const raw = JSON.stringify(lines);
    for (const secret of ["qas_secret", "session-token", "hunter2", "x=1"]) expect(raw).not.toContain(secret);
  });

  it("gives a request without a usable id a new one, and labels unknown paths 'unmatched'", async () => {
    const res = await fetch(`${base}/no/such/page`, { headers: { "x-request-id": "bad id\twith spaces" } });
    await res.text();
    await new Promise((r) => setTimeout(r, 20));
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((l) => l.msg === "request")).toEqual([expect.objectContaining({ requestId: id, route: UNMATCHED, status: 404 })]);
  });

  it("logs a 500 once, with its stack and request id", async () => {
    const res = errorResponse(new Error("database went away"), "req-500");
    expect(res.status).toBe(500);
    const errors = lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ requestId: "req-500", msg: "request failed" });
    expect((errors[0].err as { stack: string }).stack).toContain("database went away");
  });
});

describe("route templates", () => {
  it("come from the app directory (or the build's manifest): static paths win over dynamic ones", () => {
    const pages = loadTemplates(process.cwd()).map((t) => t.page);
    expect(pages).toContain("/api/projects/[projectId]/milestones/[milestoneId]/summary");
    expect(routeTemplate("/api/projects/DEMO/milestones/abc/summary")).toBe("/api/projects/[projectId]/milestones/[milestoneId]/summary");
    expect(routeTemplate("/api/projects")).toBe("/api/projects");
    expect(routeTemplate("/projects/DEMO/milestones/abc")).toBe("/projects/[projectId]/milestones/[milestoneId]");
    expect(routeTemplate("/api/health")).toBe("/api/health");
    expect(routeTemplate("/_next/static/chunks/x.js")).toBe("/_next/*");
  });
});
