import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { encodeCursor } from "@/lib/api/pagination";
import { rowsOf } from "@/lib/sql";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { call } from "../helpers/api";
import { createRunSetup } from "../helpers/factories";
import { fingerprint } from "../helpers/permission-world";

/** Input that Postgres cannot store, out-of-range dates, forged cursors and oversized bodies: 4xx, never 500. */
async function world() {
  const setup = await createRunSetup();
  const run = (await setup.owner.api.post(`${setup.base}/test-runs`, { name: "CI", milestoneId: setup.milestone.id, environmentId: setup.environment.id }))
    .body as { id: string };
  await setup.owner.api.post(`${setup.base}/test-runs/${run.id}/results`, {
    results: [1, 2, 3].map((n) => ({ testKey: `hostile.spec.ts › t${n}`, status: "passed" })),
  });
  return { ...setup, run };
}

function expectError(res: { status: number; body: unknown }, status: number, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Object.keys(res.body as object)).toEqual(["error"]);
  if (field) expect((res.body as { error: { details: { field: string }[] } }).error.details.map((d) => d.field)).toContain(field);
}

describe("NUL and lone surrogates", () => {
  it("a NUL in a path parameter is a 400 naming it, also without credentials", async () => {
    const w = await world();
    expectError(await call("GET", `/api/projects/%00/milestones/x/badge.svg`), 400, "projectId");
    expectError(await call("GET", `${w.base}/milestones/%00`, { key: w.owner.key }), 400, "milestoneId");
  });

  it("a NUL in the query is a 400 naming the parameter", async () => {
    const w = await world();
    expectError(await call("GET", `${w.base}/milestones?q=a%00b`, { key: w.owner.key }), 400, "q");
    expectError(await call("GET", `${w.base}/test-cases?tag=%00`, { key: w.owner.key }), 400, "tag");
  });

  it("NUL or a lone surrogate in a JSON body is a 400 naming the field, and writes nothing", async () => {
    const w = await world();
    const before = await fingerprint();
    const raw = (text: string) => call("POST", `${w.base}/environments`, { key: w.owner.key, rawBody: text, headers: { "content-type": "application/json" } });
    expectError(await raw('{"name":"\\ud800x"}'), 400, "name");
    expectError(await raw('{"name":"x\\udc00"}'), 400, "name");
    expectError(await raw('{"name":"a\\u0000b"}'), 400, "name");
    expectError(await w.owner.api.post(`${w.base}/milestones`, { name: "ok", description: "nul \u0000 here" }), 400, "description");
    expectError(
      await w.owner.api.post(`${w.base}/test-runs/${w.run.id}/results`, { results: [{ testKey: "a.spec.ts › t", status: "passed", error: { message: "\u0000" } }] }),
      400,
      "results.0.error.message",
    );
    expect(await fingerprint()).toBe(before);
    // A well-formed pair is ordinary text.
    expect((await raw('{"name":"emoji \\ud83d\\ude00"}')).status).toBe(201);
  });

  it("a NUL in a CSV import names the row and column; nothing is imported", async () => {
    const w = await world();
    const before = await fingerprint();
    const res = await call("POST", `${w.base}/test-cases/import`, {
      key: w.owner.key,
      rawBody: "title,priority\nFine,HIGH\nBad\u0000title,LOW\n",
      headers: { "content-type": "text/csv" },
    });
    expectError(res, 400, "row 3: title");
    const steps = await call("POST", `${w.base}/test-cases/import`, {
      key: w.owner.key,
      rawBody: 'title,steps\nT,"[{""action"":""\\u0000"",""expected"":""x""}]"\n',
      headers: { "content-type": "text/csv" },
    });
    expectError(steps, 400, "row 2: steps.0.action");
    expect(await fingerprint()).toBe(before);
  });

  it("JUnit testcases with a NUL character reference are reported per item, the rest stored", async () => {
    const w = await world();
    const xml = `<testsuite name="s"><testcase classname="c" name="ok"/><testcase classname="c" name="bad&#0;"/></testsuite>`;
    const res = await call("POST", `${w.base}/test-runs/${w.run.id}/junit`, { key: w.owner.key, rawBody: xml, headers: { "content-type": "application/xml" } });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
    if (res.status === 200 || res.status === 201) {
      expect(res.body.created).toBe(1);
      expect(res.body.errors).toHaveLength(1);
    } else {
      expectError(res, 400);
    }
  });
});

describe("routes without dynamic segments", () => {
  it("answer as usual when Next.js passes no params at all", async () => {
    const w = await world();
    const { GET } = await import("@/app/api/users/route");
    const req = new Request("http://localhost:3000/api/users", { headers: { authorization: `Bearer ${w.owner.key}` } });
    const res = await GET(req, { params: Promise.resolve(undefined as unknown as Record<string, string>) });
    expect(res.status).toBeLessThan(500);
  });
});

describe("dates and cursors", () => {
  it("startedAt outside 1970–9999 is a 400 item error, not a 500", async () => {
    const w = await world();
    for (const startedAt of ["0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59-01:00"]) {
      const res = await w.owner.api.post(`${w.base}/test-runs/${w.run.id}/results`, { results: [{ testKey: "dates.spec.ts › t", status: "passed", startedAt }] });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
      expect(res.body.created ?? 0).toBe(0);
      expect(JSON.stringify(res.body)).toContain("startedAt");
    }
    for (const dueDate of ["0000-01-01", "1969-06-01T00:00:00Z"]) {
      expectError(await w.owner.api.post(`${w.base}/milestones`, { name: "old", dueDate }), 400, "dueDate");
    }
    expectError(await w.owner.api.post("/api/api-keys", { name: "k", expiresAt: "0000-01-01T00:00:00Z" }), 400, "expiresAt");
    expectError(await call("GET", `${w.base}/audit-log?from=0000-01-01`, { key: w.owner.key }), 400, "from");
  });

  it("a forged cursor on the run's results is a 400 naming cursor", async () => {
    const w = await world();
    const page = await call("GET", `${w.base}/test-runs/${w.run.id}/results?limit=1`, { key: w.owner.key });
    expect(page.status).toBe(200);
    expect((await call("GET", `${w.base}/test-runs/${w.run.id}/results?limit=1&cursor=${page.body.nextCursor}`, { key: w.owner.key })).status).toBe(200);
    for (const forged of [encodeCursor(["abc", "x"]), encodeCursor(["99999999999", "x"]), encodeCursor(["1", "a\u0000"]), "%%%", encodeCursor([1, "x"])]) {
      const res = await call("GET", `${w.base}/test-runs/${w.run.id}/results?cursor=${encodeURIComponent(forged)}`, { key: w.owner.key });
      expectError(res, 400, "cursor");
    }
  });
});

describe("refused result batches", () => {
  const caseSeq = async (projectId: string) =>
    Number(rowsOf<{ case_seq: number }>(await getDb().execute(sql`select case_seq from projects where id = ${projectId}`))[0].case_seq);

  it("a batch to an unknown run answers 404 and reserves no case numbers", async () => {
    const w = await world();
    const before = await caseSeq(w.project.id);
    const results = Array.from({ length: 1000 }, (_, i) => ({ testKey: `unknown-run.spec.ts › t${i}`, status: "passed" }));
    expectError(await w.owner.api.post(`${w.base}/test-runs/no-such-run/results`, { results }), 404);
    expect(await caseSeq(w.project.id)).toBe(before);
  });

  it("a batch to an aborted run answers 409 and reserves no case numbers", async () => {
    const w = await world();
    await w.owner.api.patch(`${w.base}/test-runs/${w.run.id}`, { status: "ABORTED" });
    const before = await caseSeq(w.project.id);
    expectError(await w.owner.api.post(`${w.base}/test-runs/${w.run.id}/results`, { results: [{ testKey: "new.spec.ts › t", status: "passed" }] }), 409);
    expect(await caseSeq(w.project.id)).toBe(before);
  });

  it("case numbers stop short of the integer limit with a 409, not an overflow", async () => {
    const w = await world();
    await getDb().execute(sql`update projects set case_seq = 1999999999 where id = ${w.project.id}`);
    const res = await w.owner.api.post(`${w.base}/test-runs/${w.run.id}/results`, { results: [{ testKey: "a.spec.ts › new1", status: "passed" }, { testKey: "a.spec.ts › new2", status: "passed" }] });
    expectError(res, 409);
    expect(await caseSeq(w.project.id)).toBe(1999999999);
  });
});

/** A body of `total` bytes that is produced only as it is read, counting what was pulled. */
function hugeBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

describe("JSON bodies are read with their limit while they stream", () => {
  it("a chunked JSON body past 1 MB is a 413 after about 1 MB, and writes nothing", async () => {
    const w = await createRunSetup();
    const before = await fingerprint();
    const { stream, state } = hugeBody(64 * 1024 * 1024);
    const res = await call("POST", `${w.base}/milestones`, { key: w.owner.key, rawBody: stream, headers: { "content-type": "application/json" } });
    expectError(res, 413);
    expect(state.pulled).toBeLessThan(2 * 1024 * 1024);
    expect(await fingerprint()).toBe(before);
  });
});

describe("unauthenticated bodies are read with a 64 KB limit", () => {
  const GIB = 256 * 1024 * 1024;

  it("a chunked 256 MB POST to /api/slack/commands is a 413 after at most a few chunks", async () => {
    const { stream, state } = hugeBody(GIB);
    const res = await call("POST", "/api/slack/commands", { rawBody: stream, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expectError(res, 413);
    expect(state.pulled).toBeLessThan(1024 * 1024);
  });

  it("a declared Content-Length over the limit is refused before reading", async () => {
    const res = await call("POST", "/api/slack/commands", { rawBody: "text=x", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(GIB) } });
    expectError(res, 413);
  });

  it("a chunked 256 MB POST to /api/auth/callback/credentials is a 413 after at most a few chunks", async () => {
    const { stream, state } = hugeBody(GIB);
    // Node needs `duplex` to send a stream as a request body.
    const init = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: stream, duplex: "half" };
    const req = new NextRequest("http://localhost:3000/api/auth/callback/credentials", init as ConstructorParameters<typeof NextRequest>[1]);
    const res = await authPost(req);
    expect(res.status).toBe(413);
    expect(Object.keys(await res.json())).toEqual(["error"]);
    expect(state.pulled).toBeLessThan(1024 * 1024);
  });

  it("a NUL in the credentials form is a 400 before any lookup", async () => {
    const req = new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%00b%40example.test&password=x",
    });
    const res = await authPost(req);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].field).toBe("email");
  });
});
