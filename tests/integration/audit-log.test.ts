import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditLog, users } from "@/db/schema";
import { hashApiKey } from "@/lib/auth/api-key-format";
import type { AuditLogEntry } from "@/lib/audit/schemas";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { call, sessionCookie, type ApiResponse } from "../helpers/api";
import { addMember, createKeyFor, createProjectWithOwner, createUser } from "../helpers/factories";

const ORIGIN = { origin: "http://localhost:3000" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fields = (res: ApiResponse) => (res.body.error.details as { field: string }[]).map((d) => d.field);

/** The id, name and prefix of a key, as an audit entry shows it. */
async function keyRef(plain: string) {
  const [row] = await getDb()
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashApiKey(plain)));
  return row;
}

/** A browser session: cookie-authenticated, so its writes carry no API key. */
async function browser(userId: string) {
  const cookie = await sessionCookie(userId);
  return (method: string, path: string, body?: unknown) => call(method, path, { cookie, body, headers: ORIGIN });
}

async function projectRows(projectId: string): Promise<number> {
  const [{ n }] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(eq(auditLog.projectId, projectId));
  return n;
}

async function setup() {
  const { owner, project } = await createProjectWithOwner();
  const base = `/api/projects/${project.id}`;
  const readLog = async (query = ""): Promise<ApiResponse<{ data: AuditLogEntry[]; nextCursor: string | null }>> =>
    owner.api.get(`${base}/audit-log${query}`);
  const entries = async (query = "") => {
    const res = await readLog(`?limit=200${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  };
  const ownerActor = { userId: owner.user.id, email: owner.user.email, name: owner.user.name };
  return { owner, project, base, readLog, entries, ownerActor, ownerKey: await keyRef(owner.key) };
}

describe("audit log: every write leaves exactly one row", () => {
  it("records who (user, or API key with its owner), what, and only the changed fields", async () => {
    const { owner, project, base, entries, ownerActor, ownerKey } = await setup();
    const admin2 = await createUser({ name: "Second Admin" });
    await addMember(project.id, admin2.user.id, "ADMIN");
    const admin2Actor = { userId: admin2.user.id, email: admin2.user.email, name: "Second Admin" };
    const admin2Browser = await browser(admin2.user.id);
    const tester = await createUser({ name: "Tess Tester" });
    await addMember(project.id, tester.user.id, "TESTER");
    const testerActor = { userId: tester.user.id, email: tester.user.email, name: "Tess Tester" };
    const testerKey = await keyRef(tester.key);

    type Expected = {
      action: string;
      entityType: string;
      entityId?: string;
      actor: AuditLogEntry["actor"];
      apiKey: AuditLogEntry["apiKey"];
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    };
    /** Runs one write and checks that it added exactly one entry, the newest, exactly as expected. */
    const one = async (write: () => Promise<ApiResponse>, expected: Expected | ((res: ApiResponse) => Expected)) => {
      const before = await entries();
      const res = await write();
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      const after = await entries();
      expect(after.length).toBe(before.length + 1);
      // The stored entries are untouched; their names are read at display time (a rename shows everywhere).
      const stored = ({ entityName: _n, names: _m, ...e }: AuditLogEntry) => e;
      expect(after.slice(1).map(stored)).toEqual(before.map(stored));
      const want = typeof expected === "function" ? expected(res) : expected;
      const { before: b, after: a, ...rest } = want;
      expect(after[0]).toMatchObject(rest);
      expect(after[0].before).toEqual(b);
      expect(after[0].after).toEqual(a);
      expect(after[0].requestId).toBe(res.headers.get("x-request-id"));
      return { res, entry: after[0] };
    };

    // The project's creation is already there.
    const [created] = await entries();
    expect(created).toMatchObject({ action: "project.create", entityType: "project", entityId: project.id, actor: ownerActor, apiKey: ownerKey });

    // Project update through a key; the unchanged description is left out.
    const { entry: renamed } = await one(
      () => call("PATCH", base, { key: owner.key, body: { name: "Checkout", description: "" }, headers: { "x-request-id": "req-rename-1" } }),
      { action: "project.update", entityType: "project", entityId: project.id, actor: ownerActor, apiKey: ownerKey, before: { name: `Project ${project.key}` }, after: { name: "Checkout" } },
    );
    expect(renamed.requestId).toBe("req-rename-1");
    // Through a browser session: no API key.
    await one(() => admin2Browser("PATCH", base, { description: "Web shop" }), {
      action: "project.update", entityType: "project", entityId: project.id, actor: admin2Actor, apiKey: null,
      before: { description: "" }, after: { description: "Web shop" },
    });

    // Environments: create, update, delete.
    const { res: env } = await one(() => admin2Browser("POST", `${base}/environments`, { name: "Staging" }), (res) => ({
      action: "environment.create", entityType: "environment", entityId: res.body.id, actor: admin2Actor, apiKey: null,
      before: null, after: { name: "Staging", description: "" },
    }));
    await one(() => owner.api.patch(`${base}/environments/${env.body.id}`, { name: "QA", description: "" }), {
      action: "environment.update", entityType: "environment", entityId: env.body.id, actor: ownerActor, apiKey: ownerKey,
      before: { name: "Staging" }, after: { name: "QA" },
    });
    await one(() => owner.api.delete(`${base}/environments/${env.body.id}`), {
      action: "environment.delete", entityType: "environment", entityId: env.body.id, actor: ownerActor, apiKey: ownerKey,
      before: { name: "QA" }, after: null,
    });

    // Milestones: create, update (the same due date written differently is no change), delete.
    const { res: ms } = await one(() => owner.api.post(`${base}/milestones`, { name: "v1.0", dueDate: "2030-01-01" }), (res) => ({
      action: "milestone.create", entityType: "milestone", entityId: res.body.id, actor: ownerActor, apiKey: ownerKey, before: null,
      after: { name: "v1.0", description: "", dueDate: "2030-01-01T23:59:59.999Z", status: "ACTIVE", parentId: null },
    }));
    await one(
      () => owner.api.patch(`${base}/milestones/${ms.body.id}`, { name: "v1.0", dueDate: "2030-01-02T00:59:59.999+01:00", status: "ARCHIVED" }),
      { action: "milestone.update", entityType: "milestone", entityId: ms.body.id, actor: ownerActor, apiKey: ownerKey, before: { status: "ACTIVE" }, after: { status: "ARCHIVED" } },
    );
    await one(() => owner.api.patch(`${base}/milestones/${ms.body.id}`, { status: "ACTIVE", dueDate: null }), {
      action: "milestone.update", entityType: "milestone", entityId: ms.body.id, actor: ownerActor, apiKey: ownerKey,
      before: { status: "ARCHIVED", dueDate: "2030-01-01T23:59:59.999Z" }, after: { status: "ACTIVE", dueDate: null },
    });
    const spare = (await owner.api.post(`${base}/milestones`, { name: "Spare" })).body;
    await one(() => owner.api.delete(`${base}/milestones/${spare.id}`), {
      action: "milestone.delete", entityType: "milestone", entityId: spare.id, actor: ownerActor, apiKey: ownerKey, before: { name: "Spare" }, after: null,
    });

    // Runs, by a tester's key: create, a CI retry (no second row), update, complete.
    const prod = (await owner.api.post(`${base}/environments`, { name: "Prod" })).body;
    const runBody = { name: "Nightly", milestoneId: ms.body.id, environmentId: prod.id, kind: "AUTOMATED", ciBuildId: "build-42" };
    const { res: run } = await one(() => tester.api.post(`${base}/test-runs`, runBody), (res) => ({
      action: "run.create", entityType: "test_run", entityId: res.body.id, actor: testerActor, apiKey: testerKey, before: null,
      after: { ...runBody, description: "", status: "PLANNED", build: null },
    }));
    const countBeforeRetry = (await entries()).length;
    expect((await tester.api.post(`${base}/test-runs`, runBody)).status).toBe(200);
    expect((await entries()).length).toBe(countBeforeRetry);
    await one(() => tester.api.patch(`${base}/test-runs/${run.body.id}`, { name: "Nightly", status: "IN_PROGRESS" }), {
      action: "run.update", entityType: "test_run", entityId: run.body.id, actor: testerActor, apiKey: testerKey,
      before: { status: "PLANNED" }, after: { status: "IN_PROGRESS" },
    });
    await one(() => tester.api.post(`${base}/test-runs/${run.body.id}/complete`), {
      action: "run.update", entityType: "test_run", entityId: run.body.id, actor: testerActor, apiKey: testerKey,
      before: { status: "IN_PROGRESS" }, after: { status: "COMPLETED" },
    });

    // API keys limited to the project show in its log: create and revoke (revoking twice is one row).
    const { res: newKey } = await one(() => owner.api.post("/api/api-keys", { name: "CI", projectId: project.key }), (res) => ({
      action: "api_key.create", entityType: "api_key", entityId: res.body.id, actor: ownerActor, apiKey: ownerKey, before: null,
      after: { name: "CI", prefix: res.body.prefix, projectId: project.id, readOnly: false, expiresAt: null },
    }));
    expect(JSON.stringify(await entries())).not.toContain(newKey.body.key);
    await one(() => owner.api.delete(`/api/api-keys/${newKey.body.id}`), {
      action: "api_key.revoke", entityType: "api_key", entityId: newKey.body.id, actor: ownerActor, apiKey: ownerKey,
      before: { name: "CI", prefix: newKey.body.prefix }, after: null,
    });
    const total = (await entries()).length;
    expect((await owner.api.delete(`/api/api-keys/${newKey.body.id}`)).status).toBe(204);
    expect((await entries()).length).toBe(total);

    // The new key acts for its owner: its writes name both.
    const ciKey = await createKeyFor(owner.user.id, { projectId: project.id });
    await one(() => call("POST", `${base}/environments`, { key: ciKey, body: { name: "CI" } }), (res) => ({
      action: "environment.create", entityType: "environment", entityId: res.body.id, actor: ownerActor, apiKey: { id: expect.any(String), name: "test", prefix: ciKey.slice(0, 12) },
      before: null, after: { name: "CI", description: "" },
    }));
  });

  it("records keys that belong to no project once, outside every project's log", async () => {
    const { owner } = await setup();
    const created = await owner.api.post("/api/api-keys", { name: "Personal" });
    expect(created.status).toBe(201);
    expect((await owner.api.delete(`/api/api-keys/${created.body.id}`)).status).toBe(204);
    const rows = await getDb().select().from(auditLog).where(eq(auditLog.entityId, created.body.id));
    expect(rows.map((r) => [r.action, r.projectId, r.actorUserId]).sort()).toEqual([
      ["api_key.create", null, owner.user.id],
      ["api_key.revoke", null, owner.user.id],
    ]);
  });

  it("writes no row when the write fails", async () => {
    const { owner, project, base } = await setup();
    const viewer = await createUser();
    await addMember(project.id, viewer.user.id, "VIEWER");
    const env = (await owner.api.post(`${base}/environments`, { name: "Staging" })).body;
    await owner.api.post(`${base}/environments`, { name: "QA" });
    const ms = (await owner.api.post(`${base}/milestones`, { name: "v1" })).body;
    const run = (await owner.api.post(`${base}/test-runs`, { name: "Smoke", milestoneId: ms.id, environmentId: env.id })).body;
    expect((await owner.api.patch(`${base}/test-runs/${run.id}`, { status: "ABORTED" })).status).toBe(200);
    const rows = await projectRows(project.id);

    const failures: [() => Promise<ApiResponse>, number][] = [
      [() => owner.api.post(`${base}/environments`, { name: "staging" }), 409],
      [() => owner.api.patch(`${base}/environments/${env.id}`, { name: "QA" }), 409],
      [() => owner.api.delete(`${base}/environments/${env.id}`), 409],
      [() => owner.api.delete(`${base}/milestones/${ms.id}`), 409],
      [() => owner.api.post(`${base}/test-runs/${run.id}/complete`), 409],
      [() => owner.api.patch(`${base}/test-runs/${run.id}`, { status: "IN_PROGRESS" }), 409],
      [() => owner.api.post(`${base}/milestones`, { name: "" }), 400],
      [() => owner.api.patch(base, { name: "x", extra: 1 }), 400],
      [() => owner.api.post(`${base}/test-runs`, { name: "Bad", milestoneId: "nope", environmentId: env.id }), 400],
      [() => viewer.api.post(`${base}/milestones`, { name: "v2" }), 403],
      [() => owner.api.patch(`${base}/milestones/unknown`, { name: "v2" }), 404],
    ];
    for (const [write, status] of failures) {
      const res = await write();
      expect(res.status, JSON.stringify(res.body)).toBe(status);
    }
    expect(await projectRows(project.id)).toBe(rows);
  });

  it("keeps the entry when its user is deleted, with actor null", async () => {
    const { project, base, entries } = await setup();
    const gone = await createUser({ name: "Leaver" });
    await addMember(project.id, gone.user.id, "ADMIN");
    const env = (await gone.api.post(`${base}/environments`, { name: "Staging" })).body;
    await getDb().delete(users).where(eq(users.id, gone.user.id));
    const [entry] = await entries();
    expect(entry).toMatchObject({ action: "environment.create", entityId: env.id, actor: null, apiKey: null, after: { name: "Staging", description: "" } });
  });
});

describe("GET /api/projects/{projectId}/audit-log", () => {
  it("filters by actor (id or email), action, kind, entity type and time", async () => {
    const { owner, project, base, entries, readLog } = await setup();
    const other = await createUser({ name: "Other Admin" });
    await addMember(project.id, other.user.id, "ADMIN");
    const env = (await owner.api.post(`${base}/environments`, { name: "Staging" })).body;
    await owner.api.patch(`${base}/environments/${env.id}`, { description: "pre-prod" });
    const ms = (await other.api.post(`${base}/milestones`, { name: "v1" })).body;
    await sleep(30);
    const mid = new Date().toISOString();
    await sleep(30);
    await other.api.patch(`${base}/milestones/${ms.id}`, { status: "ARCHIVED" });
    await owner.api.post("/api/api-keys", { name: "CI", projectId: project.id });

    const actions = async (query: string) => (await entries(query)).map((e) => e.action);
    expect(await actions("")).toEqual(["api_key.create", "milestone.update", "milestone.create", "environment.update", "environment.create", "project.create"]);
    expect(await actions(`&actor=${other.user.id}`)).toEqual(["milestone.update", "milestone.create"]);
    expect(await actions(`&actor=${encodeURIComponent(other.user.email.toUpperCase())}`)).toEqual(["milestone.update", "milestone.create"]);
    expect(await actions(`&actor=nobody@example.test`)).toEqual([]);
    expect(await actions("&action=environment.update")).toEqual(["environment.update"]);
    expect(await actions("&action=environment")).toEqual(["environment.update", "environment.create"]);
    expect(await actions("&action=Milestone")).toEqual(["milestone.update", "milestone.create"]);
    expect(await actions("&action=api_key")).toEqual(["api_key.create"]);
    expect(await actions("&action=milestone.create&actor=" + owner.user.id)).toEqual([]);
    expect(await actions("&entityType=milestone")).toEqual(["milestone.update", "milestone.create"]);
    expect(await actions("&entityType=test_run")).toEqual([]);
    expect(await actions(`&from=${mid}`)).toEqual(["api_key.create", "milestone.update"]);
    expect(await actions(`&to=${encodeURIComponent(mid)}`)).toEqual(["milestone.create", "environment.update", "environment.create", "project.create"]);
    expect(await actions(`&from=${mid}&action=milestone`)).toEqual(["milestone.update"]);

    // Plain dates cover whole days (UTC): from the start of `from` to the end of `to`.
    const all = await entries();
    const firstDay = all[all.length - 1].createdAt.slice(0, 10);
    const lastDay = all[0].createdAt.slice(0, 10);
    expect(await entries(`&from=${firstDay}&to=${lastDay}`)).toHaveLength(all.length);
    const dayBefore = new Date(Date.parse(firstDay) - 86_400_000).toISOString().slice(0, 10);
    expect(await entries(`&to=${dayBefore}`)).toEqual([]);
    const dayAfter = new Date(Date.parse(lastDay) + 86_400_000).toISOString().slice(0, 10);
    expect(await entries(`&from=${dayAfter}`)).toEqual([]);

    const bad: [string, string][] = [
      ["from=yesterday", "from"],
      ["to=2030-13-01", "to"],
      ["from=2030-01-02&to=2030-01-01", "to"],
      ["action=milestone%20update", "action"],
      ["action=milestone.", "action"],
      ["entityType=Test-Run", "entityType"],
      ["actor=", "actor"],
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["cursor=nonsense", "cursor"],
    ];
    for (const [query, field] of bad) {
      const res: ApiResponse = await readLog(`?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(fields(res), query).toEqual([field]);
    }
  });

  it("pages newest first with a cursor, alone and with a filter", async () => {
    const { owner, base, readLog, entries } = await setup();
    for (let i = 1; i <= 7; i++) await owner.api.post(`${base}/environments`, { name: `Env ${i}` });
    const all = await entries();
    expect(all).toHaveLength(8);
    const times = all.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all.slice(0, 7).map((e) => e.after?.name)).toEqual(["Env 7", "Env 6", "Env 5", "Env 4", "Env 3", "Env 2", "Env 1"]);

    const walk = async (query: string, limit: number) => {
      const pages: number[] = [];
      const seen: AuditLogEntry[] = [];
      let cursor: string | null = null;
      do {
        const res = await readLog(`?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        expect(res.status).toBe(200);
        pages.push(res.body.data.length);
        seen.push(...res.body.data);
        cursor = res.body.nextCursor;
      } while (cursor);
      return { pages, seen };
    };
    const plain = await walk("", 3);
    expect(plain.pages).toEqual([3, 3, 2]);
    expect(plain.seen).toEqual(all);
    const filtered = await walk("&action=environment.create", 2);
    expect(filtered.pages).toEqual([2, 2, 2, 1]);
    expect(filtered.seen).toEqual(all.slice(0, 7));
  });

  it("names what each entry is about (case key and title, run, milestone, environment), not id fragments", async () => {
    const { owner, base, project, entries } = await setup();
    const env = (await owner.api.post(`${base}/environments`, { name: "Staging" })).body;
    const ms = (await owner.api.post(`${base}/milestones`, { name: "Release 2.4" })).body;
    const created = await owner.api.post(`${base}/test-cases`, { title: "Checkout with card", steps: [{ action: "Open the cart", expected: "One item" }] });
    expect(created.status).toBe(201);
    const testCase = created.body;
    await owner.api.patch(`${base}/test-cases/${testCase.id}`, { steps: [{ action: "Open the cart", expected: "One item" }, { action: "Pay", expected: "Order confirmed" }] });
    const run = (await owner.api.post(`${base}/test-runs`, { name: "Regression 2.4", milestoneId: ms.id, environmentId: env.id, caseIds: [testCase.id] })).body;

    const log = await entries();
    const caseUpdate = log.find((e) => e.action === "case.update")!;
    expect(caseUpdate.entityName).toBe(`${project.key}-1 Checkout with card`);
    // Steps are recorded whole, before and after, for the page to show as lists.
    expect(caseUpdate.before).toMatchObject({ steps: [{ action: "Open the cart", expected: "One item" }] });
    expect(caseUpdate.after).toMatchObject({ steps: [{ action: "Open the cart", expected: "One item" }, { action: "Pay", expected: "Order confirmed" }] });
    const runCreate = log.find((e) => e.entityType === "test_run" && e.action.endsWith("create"))!;
    expect(runCreate.entityName).toBe("Regression 2.4");
    expect(runCreate.names).toMatchObject({ [ms.id]: "Release 2.4", [env.id]: "Staging" });
    expect(log.find((e) => e.entityType === "milestone")!.entityName).toBe("Release 2.4");
    // A rename shows at once in older entries: names are read, not stored.
    await owner.api.patch(`${base}/test-runs/${run.id}`, { name: "Regression 2.4.1" });
    expect((await entries()).find((e) => e.id === runCreate.id)!.entityName).toBe("Regression 2.4.1");
  });

  it("is for project admins only (their read-only keys included); other projects answer 404", async () => {
    const { owner, project, base } = await setup();
    const viewer = await createUser();
    const tester = await createUser();
    await addMember(project.id, viewer.user.id, "VIEWER");
    await addMember(project.id, tester.user.id, "TESTER");
    const stranger = await createProjectWithOwner();
    const instanceAdmin = await createUser({ isAdmin: true });
    const path = `${base}/audit-log`;

    for (const who of [viewer, tester]) {
      const res = await who.api.get(path);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain("ADMIN");
    }
    expect((await call("GET", path, { key: await createKeyFor(owner.user.id, { readOnly: true }) })).status).toBe(200);
    expect((await call("GET", `/api/projects/${project.key}/audit-log`, { cookie: await sessionCookie(owner.user.id) })).status).toBe(200);
    expect((await instanceAdmin.api.get(path)).status).toBe(200);
    expect((await stranger.owner.api.get(path)).status).toBe(404);
    expect((await call("GET", path, { key: await createKeyFor(owner.user.id, { projectId: stranger.project.id }) })).status).toBe(404);
    expect((await call("GET", path)).status).toBe(401);

    // Another project's entries never show up.
    const theirs = (await stranger.owner.api.get(`/api/projects/${stranger.project.id}/audit-log`)).body.data as AuditLogEntry[];
    const ours = (await owner.api.get(path)).body.data as AuditLogEntry[];
    expect(theirs.map((e) => e.entityId)).toEqual([stranger.project.id]);
    expect(ours.map((e) => e.entityId)).toEqual([project.id]);
    const [{ n }] = await getDb()
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.projectId, project.id), eq(auditLog.action, "project.create")));
    expect(n).toBe(1);
  });

  it("is documented with its filters, its page of entries and its 403", () => {
    const op = buildOpenApiDocument().paths["/api/projects/{projectId}/audit-log"].get!;
    expect(op.parameters!.filter((p) => p.in === "query").map((p) => p.name)).toEqual(["limit", "cursor", "actor", "action", "entityType", "from", "to"]);
    expect(op.responses["200"]).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/AuditLogPage" } } } });
    expect(op.responses["403"]).toMatchObject({ description: expect.stringContaining("project admins") });
  });
});
