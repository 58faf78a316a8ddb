import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { call, sessionCookie, type ApiResponse } from "../helpers/api";
import { addMember, createProjectWithOwner, createUser, uniqueKey } from "../helpers/factories";

const JSON_TYPE = { "content-type": "application/json" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STATUS_OF_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** Exactly `{error:{code,message,details}}`, nothing more, with a code that matches the status. */
function expectErrorShape(res: ApiResponse, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(Object.keys(res.body)).toEqual(["error"]);
  expect(Object.keys(res.body.error).sort()).toEqual(["code", "details", "message"]);
  const { error } = res.body;
  expect(typeof error.code).toBe("string");
  expect(STATUS_OF_CODE[error.code]).toBe(status);
  if (code) expect(error.code).toBe(code);
  expect(typeof error.message).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(error.details)).toBe(true);
  for (const d of error.details) {
    expect(Object.keys(d).sort()).toEqual(["field", "message"]);
    expect(typeof d.field).toBe("string");
    expect(typeof d.message).toBe("string");
  }
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
}

describe("HTTP conventions", () => {
  it("answers malformed JSON with 400 INVALID_JSON", async () => {
    const { owner, project } = await createProjectWithOwner();
    const path = `/api/projects/${project.id}/milestones`;
    for (const rawBody of ['{"name": "v1"', "{name: 'v1'}", "not json", '{"name": "v1"}}']) {
      const res = await call("POST", path, { key: owner.key, headers: JSON_TYPE, rawBody });
      expectErrorShape(res, 400, "INVALID_JSON");
      expect(res.body.error.message).toMatch(/JSON/);
    }
    expect((await owner.api.get(path)).body.data).toEqual([]);
  });

  it("answers an empty body with 400", async () => {
    const { owner, project } = await createProjectWithOwner();
    const path = `/api/projects/${project.id}/environments`;
    for (const rawBody of ["", "   \n"]) {
      const res = await call("POST", path, { key: owner.key, headers: JSON_TYPE, rawBody });
      expectErrorShape(res, 400, "INVALID_JSON");
      expect(res.body.error.message).toMatch(/empty/i);
    }
    const nothing = await call("PATCH", `/api/projects/${project.id}`, { key: owner.key, headers: JSON_TYPE });
    expectErrorShape(nothing, 400, "INVALID_JSON");
    // Valid JSON that is not an object is a validation error on the body.
    for (const rawBody of ["null", "[]", '"Staging"', "42"]) {
      const res = await call("POST", path, { key: owner.key, headers: JSON_TYPE, rawBody });
      expectErrorShape(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details).toHaveLength(1);
    }
  });

  it("answers a wrong content type with 415 and accepts JSON media types", async () => {
    const { owner, project } = await createProjectWithOwner();
    const path = `/api/projects/${project.id}/environments`;
    const body = '{"name": "Staging"}';
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", undefined]) {
      const res = await call("POST", path, { key: owner.key, headers: type ? { "content-type": type } : {}, rawBody: body });
      expectErrorShape(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    expect((await owner.api.get(path)).body.data).toEqual([]);
    const withCharset = await call("POST", path, { key: owner.key, headers: { "content-type": "application/json; charset=utf-8" }, rawBody: body });
    expect(withCharset.status).toBe(201);
    const upper = await call("POST", path, { key: owner.key, headers: { "content-type": "Application/JSON" }, rawBody: '{"name": "QA"}' });
    expect(upper.status).toBe(201);
  });

  it("answers a body over 1 MB with 413, and takes one just under it", async () => {
    const { owner, project } = await createProjectWithOwner();
    const path = `/api/projects/${project.id}/milestones`;
    const big = JSON.stringify({ name: "Big", description: "x".repeat(1024 * 1024) });
    const res = await call("POST", path, { key: owner.key, headers: JSON_TYPE, rawBody: big });
    expectErrorShape(res, 413, "PAYLOAD_TOO_LARGE");
    // Multi-byte characters count as bytes, not characters.
    const wide = JSON.stringify({ name: "Wide", description: "é".repeat(600 * 1024) });
    expect(wide.length).toBeLessThan(1024 * 1024);
    expectErrorShape(await call("POST", path, { key: owner.key, headers: JSON_TYPE, rawBody: wide }), 413, "PAYLOAD_TOO_LARGE");
    // Under the limit the body is read, and then validated (description is at most 10,000 characters).
    const underLimit = JSON.stringify({ name: "Under", description: "x".repeat(1024 * 1024 - 100) });
    expectErrorShape(await call("POST", path, { key: owner.key, headers: JSON_TYPE, rawBody: underLimit }), 400, "VALIDATION_FAILED");
    expect((await owner.api.get(path)).body.data).toEqual([]);
  });

  it("uses exactly {error:{code,message,details}} for every kind of error", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}`;
    const viewer = await createUser();
    await addMember(project.id, viewer.user.id, "VIEWER");
    await owner.api.post(`${base}/environments`, { name: "Staging" });

    expectErrorShape(await call("GET", "/api/projects"), 401, "UNAUTHENTICATED");
    expectErrorShape(await call("GET", "/api/projects", { key: "qas_unknown" }), 401, "UNAUTHENTICATED");
    expectErrorShape(await call("GET", "/api/projects", { headers: { authorization: "Basic dXNlcjpwYXNz" } }), 401, "UNAUTHENTICATED");
    expectErrorShape(await viewer.api.post(`${base}/milestones`, { name: "x" }), 403, "FORBIDDEN");
    expectErrorShape(await owner.api.get(`${base}/milestones/nope`), 404, "NOT_FOUND");
    expectErrorShape(await owner.api.get("/api/projects/NOPE"), 404, "NOT_FOUND");
    expectErrorShape(await owner.api.post(`${base}/environments`, { name: "staging" }), 409, "CONFLICT");
    const validation = await owner.api.post(`${base}/milestones`, { name: "", status: "NOPE" });
    expectErrorShape(validation, 400, "VALIDATION_FAILED");
    expect(validation.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["name", "status"]);
    expectErrorShape(await owner.api.get(`${base}/test-runs?limit=0`), 400, "VALIDATION_FAILED");
    expectErrorShape(await call("POST", `${base}/milestones`, { key: owner.key, headers: JSON_TYPE, rawBody: "{" }), 400, "INVALID_JSON");
    expectErrorShape(await call("POST", `${base}/milestones`, { key: owner.key, headers: { "content-type": "text/plain" }, rawBody: "{}" }), 415);
  });

  it("sets x-request-id on every response and echoes the caller's", async () => {
    const { owner, project } = await createProjectWithOwner();
    const ok = await owner.api.get(`/api/projects/${project.id}`);
    expect(ok.headers.get("x-request-id")).toMatch(UUID);
    const created = await owner.api.post(`/api/projects/${project.id}/environments`, { name: "QA" });
    expect(created.headers.get("x-request-id")).toMatch(UUID);
    const err = await owner.api.get(`/api/projects/${project.id}/milestones/nope`);
    expect(err.headers.get("x-request-id")).toMatch(UUID);
    const unauth = await call("GET", "/api/projects");
    expect(unauth.headers.get("x-request-id")).toMatch(UUID);
    const deleted = await owner.api.delete(`/api/projects/${project.id}/environments/${created.body.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get("x-request-id")).toMatch(UUID);
    expect(ok.headers.get("x-request-id")).not.toBe(created.headers.get("x-request-id"));

    const echoed = await call("GET", "/api/projects", { key: owner.key, headers: { "x-request-id": "trace-abc-123" } });
    expect(echoed.headers.get("x-request-id")).toBe("trace-abc-123");
    const echoedError = await call("GET", "/api/projects/NOPE", { key: owner.key, headers: { "x-request-id": "trace-err" } });
    expect(echoedError.status).toBe(404);
    expect(echoedError.headers.get("x-request-id")).toBe("trace-err");
  });

  describe("session cookie", () => {
    it("authenticates reads", async () => {
      const { owner, project } = await createProjectWithOwner();
      const cookie = await sessionCookie(owner.user.id);
      const list = await call("GET", "/api/projects", { cookie });
      expect(list.status).toBe(200);
      expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([project.id]);
      const ms = await call("GET", `/api/projects/${project.key}/milestones`, { cookie });
      expect(ms.status).toBe(200);
      // A cookie from another user sees other things.
      const stranger = await createUser();
      const theirs = await call("GET", `/api/projects/${project.id}`, { cookie: await sessionCookie(stranger.user.id) });
      expect(theirs.status).toBe(404);
    });

    it("refuses cookie writes without an Origin or from a foreign one (403), and accepts the own origin (201)", async () => {
      const { owner, project } = await createProjectWithOwner();
      const cookie = await sessionCookie(owner.user.id);
      const path = `/api/projects/${project.id}/milestones`;

      const noOrigin = await call("POST", path, { cookie, body: { name: "v1" } });
      expectErrorShape(noOrigin, 403, "FORBIDDEN");
      expect(noOrigin.body.error.message).toMatch(/origin/i);
      for (const origin of ["https://evil.example", "http://localhost:3001", "https://localhost:3000", "null"]) {
        const res = await call("POST", path, { cookie, body: { name: "v1" }, headers: { origin } });
        expectErrorShape(res, 403, "FORBIDDEN");
      }
      expect((await owner.api.get(path)).body.data).toEqual([]);

      const ok = await call("POST", path, { cookie, body: { name: "v1" }, headers: { origin: "http://localhost:3000" } });
      expect(ok.status).toBe(201);
      expect(ok.body.name).toBe("v1");

      // PATCH and DELETE are writes too.
      const url = `${path}/${ok.body.id}`;
      expect((await call("PATCH", url, { cookie, body: { name: "v2" } })).status).toBe(403);
      expect((await call("DELETE", url, { cookie, headers: { origin: "https://evil.example" } })).status).toBe(403);
      expect((await call("PATCH", url, { cookie, body: { name: "v2" }, headers: { origin: "http://localhost:3000" } })).status).toBe(200);
      expect((await call("DELETE", url, { cookie, headers: { origin: "http://localhost:3000" } })).status).toBe(204);

      // API keys are managed from the browser the same way.
      expect((await call("POST", "/api/api-keys", { cookie, body: { name: "k" } })).status).toBe(403);
      const key = await call("POST", "/api/api-keys", { cookie, body: { name: "k" }, headers: { origin: "http://localhost:3000" } });
      expect(key.status).toBe(201);
      expect(key.body.key).toMatch(/^qas_/);
    });

    it("refuses a forged, foreign-secret or disabled user's cookie with 401", async () => {
      const { user } = await createUser();
      const good = await sessionCookie(user.id);
      const [name] = good.split("=");
      expectErrorShape(await call("GET", "/api/projects", { cookie: `${name}=not-a-jwt` }), 401, "UNAUTHENTICATED");
      expectErrorShape(await call("GET", "/api/projects", { cookie: await sessionCookie("no-such-user") }), 401, "UNAUTHENTICATED");
      expect((await call("GET", "/api/projects", { cookie: good })).status).toBe(200);
      await getDb().update(users).set({ disabledAt: sql`now()` }).where(eq(users.id, user.id));
      expectErrorShape(await call("GET", "/api/projects", { cookie: good }), 401, "UNAUTHENTICATED");
    });
  });

  it("ignores Origin for Bearer requests", async () => {
    const { owner, project } = await createProjectWithOwner();
    const path = `/api/projects/${project.id}/environments`;
    const res = await call("POST", path, { key: owner.key, body: { name: "Staging" }, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(201);
    const noOrigin = await call("POST", path, { key: owner.key, body: { name: "QA" } });
    expect(noOrigin.status).toBe(201);
    const p = await call("POST", "/api/projects", { key: owner.key, body: { name: "X", key: uniqueKey() }, headers: { origin: "null" } });
    expect(p.status).toBe(201);
  });

  it("prefers the Authorization header over a cookie", async () => {
    const alice = await createUser();
    const bob = await createProjectWithOwner();
    const res = await call("GET", "/api/projects", { key: alice.key, cookie: await sessionCookie(bob.owner.user.id) });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    const bad = await call("GET", "/api/projects", { key: "qas_revoked", cookie: await sessionCookie(bob.owner.user.id) });
    expect(bad.status).toBe(401);
  });
});
