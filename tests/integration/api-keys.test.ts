import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, client } from "../helpers/api";
import { createKeyFor, createProjectWithOwner, createUser, uniqueKey } from "../helpers/factories";

type Res = { status: number; body: any };
const fields = (res: Res) => (res.body.error.details as { field: string }[]).map((d) => d.field).sort();
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("API keys", () => {
  it("returns the plain key once, in the documented format, and it works as a Bearer key", async () => {
    const { api } = await createUser();
    const res = await api.post("/api/api-keys", { name: "CI" });
    expect(res.status).toBe(201);
    const plain = res.body.key as string;
    expect(plain).toMatch(/^qas_[A-Za-z0-9_-]{43,}$/);
    expect(Buffer.from(plain.slice(4), "base64url").length).toBeGreaterThanOrEqual(32);
    expect(res.body).toMatchObject({ name: "CI", prefix: plain.slice(0, 12), project: null, readOnly: false, expiresAt: null, revokedAt: null, lastUsedAt: null });
    expect(res.body).not.toHaveProperty("keyHash");

    // Two keys are never the same.
    const other = await api.post("/api/api-keys", { name: "CI 2" });
    expect(other.body.key).not.toBe(plain);

    const works = await client(plain).get("/api/projects");
    expect(works.status).toBe(200);
    expect(works.body).toEqual({ data: [], nextCursor: null });
    const listed = await client(plain).get("/api/api-keys");
    const mine = listed.body.data.find((k: { id: string }) => k.id === res.body.id);
    expect(mine.lastUsedAt).not.toBeNull();
  });

  it("never lists the plain key or its hash", async () => {
    const { api, key: factoryKey } = await createUser();
    const created = await api.post("/api/api-keys", { name: "Secret" });
    const plain = created.body.key as string;
    const list = await api.get("/api/api-keys");
    expect(list.status).toBe(200);
    expect(list.body.data.map((k: { name: string }) => k.name).sort()).toEqual(["Secret", "test"]);
    const text = JSON.stringify(list.body);
    for (const secret of [plain, sha256(plain), factoryKey, sha256(factoryKey), plain.slice(12)]) expect(text).not.toContain(secret);
    for (const item of list.body.data) {
      expect(Object.keys(item).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "project", "readOnly", "revokedAt"]);
    }
    // Newest first.
    expect(list.body.data[0].id).toBe(created.body.id);
  });

  it("revokes a key with DELETE: it then gets 401, and revoking again is harmless", async () => {
    const { api } = await createUser();
    const created = await api.post("/api/api-keys", { name: "Temp" });
    const temp = client(created.body.key);
    expect((await temp.get("/api/projects")).status).toBe(200);

    const del = await api.delete(`/api/api-keys/${created.body.id}`);
    expect(del.status).toBe(204);
    const refused = await temp.get("/api/projects");
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("UNAUTHENTICATED");
    expect((await temp.post("/api/api-keys", { name: "sneaky" })).status).toBe(401);

    expect((await api.delete(`/api/api-keys/${created.body.id}`)).status).toBe(204);
    const listed = (await api.get("/api/api-keys")).body.data.find((k: { id: string }) => k.id === created.body.id);
    expect(listed.revokedAt).not.toBeNull();
    // The key that revoked it still works.
    expect((await api.get("/api/projects")).status).toBe(200);
  });

  it("lets a key revoke itself", async () => {
    const { api } = await createUser();
    const created = await api.post("/api/api-keys", { name: "Self" });
    const self = client(created.body.key);
    expect((await self.delete(`/api/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await self.get("/api/api-keys")).status).toBe(401);
  });

  it("answers 404 for another user's key id and leaves that key working", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const bobs = await bob.api.post("/api/api-keys", { name: "Bob's" });
    const res = await alice.api.delete(`/api/api-keys/${bobs.body.id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
    expect((await alice.api.delete("/api/api-keys/no-such-key")).status).toBe(404);
    expect((await client(bobs.body.key).get("/api/projects")).status).toBe(200);
    const aliceList = await alice.api.get("/api/api-keys");
    expect(aliceList.body.data.map((k: { id: string }) => k.id)).not.toContain(bobs.body.id);
  });

  it("limits a key to one project: other projects are 404 and not listed", async () => {
    const { owner, project: a } = await createProjectWithOwner();
    const bKey = uniqueKey("B");
    const b = (await owner.api.post("/api/projects", { name: "Project B", key: bKey })).body;

    const res = await owner.api.post("/api/api-keys", { name: "A only", projectId: a.key });
    expect(res.status).toBe(201);
    expect(res.body.project).toEqual({ id: a.id, key: a.key, name: `Project ${a.key}` });
    const limited = client(res.body.key);

    const projects = await limited.get("/api/projects");
    expect(projects.body.data.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect((await owner.api.get("/api/projects")).body.data).toHaveLength(2);

    expect((await limited.get(`/api/projects/${a.id}`)).status).toBe(200);
    expect((await limited.post(`/api/projects/${a.id}/environments`, { name: "QA" })).status).toBe(201);
    for (const path of [`/api/projects/${b.id}`, `/api/projects/${bKey}`, `/api/projects/${b.id}/milestones`, `/api/projects/${b.id}/test-runs`]) {
      const r = await limited.get(path);
      expect(r.status, path).toBe(404);
    }
    expect((await limited.post(`/api/projects/${b.id}/milestones`, { name: "x" })).status).toBe(404);
    // A limited key cannot widen itself.
    expect((await limited.post("/api/projects", { name: "New", key: uniqueKey() })).status).toBe(403);
    expect((await limited.post("/api/api-keys", { name: "wider" })).status).toBe(403);

    // A key id limited by id works the same.
    const byId = await owner.api.post("/api/api-keys", { name: "B only", projectId: b.id });
    expect(byId.body.project.id).toBe(b.id);
    expect((await client(byId.body.key).get(`/api/projects/${a.id}`)).status).toBe(404);
  });

  it("refuses a projectId the caller cannot see with a 400 naming projectId", async () => {
    const { api } = await createUser();
    const { project } = await createProjectWithOwner();
    for (const projectId of [project.id, project.key, "NOPE"]) {
      const res = await api.post("/api/api-keys", { name: "x", projectId });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(["projectId"]);
    }
    expect((await api.get("/api/api-keys")).body.data).toHaveLength(1);
  });

  it("lets a read-only key read but not write (403)", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}`;
    const ms = await owner.api.post(`${base}/milestones`, { name: "v1" });
    const res = await owner.api.post("/api/api-keys", { name: "dashboards", readOnly: true });
    expect(res.status).toBe(201);
    expect(res.body.readOnly).toBe(true);
    const ro = client(res.body.key);

    expect((await ro.get("/api/projects")).body.data.map((p: { id: string }) => p.id)).toEqual([project.id]);
    expect((await ro.get(`${base}/milestones`)).body.data.map((m: { id: string }) => m.id)).toEqual([ms.body.id]);
    expect((await ro.get(`${base}/milestones/${ms.body.id}`)).status).toBe(200);
    expect((await ro.get(`${base}/test-runs`)).status).toBe(200);

    for (const r of [
      await ro.post(`${base}/milestones`, { name: "v2" }),
      await ro.patch(`${base}/milestones/${ms.body.id}`, { name: "hacked" }),
      await ro.delete(`${base}/milestones/${ms.body.id}`),
      await ro.post(`${base}/environments`, { name: "QA" }),
      await ro.post(`${base}/test-runs`, { name: "r", milestoneId: ms.body.id, environmentId: "x" }),
      await ro.patch(base, { name: "hacked" }),
      await ro.post("/api/projects", { name: "New", key: uniqueKey() }),
      await ro.post("/api/api-keys", { name: "escalate" }),
    ]) {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("FORBIDDEN");
    }
    expect((await owner.api.get(`${base}/milestones/${ms.body.id}`)).body.name).toBe("v1");
    expect((await owner.api.get(`${base}/milestones`)).body.data).toHaveLength(1);
  });

  it("validates expiresAt (past → 400) and stops accepting a key once it expired", async () => {
    const { api, user } = await createUser();
    const past = await api.post("/api/api-keys", { name: "old", expiresAt: "2020-01-01T00:00:00Z" });
    expect(past.status).toBe(400);
    expect(fields(past)).toEqual(["expiresAt"]);
    const justPast = await api.post("/api/api-keys", { name: "old", expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(justPast.status).toBe(400);
    for (const expiresAt of ["soon", "2030-01-01", 1893456000000, "9999-12-31T23:00:00-05:00"]) {
      const bad = await api.post("/api/api-keys", { name: "bad", expiresAt });
      expect(bad.status, String(expiresAt)).toBe(400);
      expect(fields(bad)).toEqual(["expiresAt"]);
    }
    const future = await api.post("/api/api-keys", { name: "next year", expiresAt: "2099-01-01T00:00:00+01:00" });
    expect(future.status).toBe(201);
    expect(future.body.expiresAt).toBe("2098-12-31T23:00:00.000Z");
    expect((await client(future.body.key).get("/api/projects")).status).toBe(200);

    const expired = await createKeyFor(user.id, { expiresAt: new Date(Date.now() - 60_000) });
    const res = await client(expired).get("/api/projects");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("validates name and readOnly, and needs credentials", async () => {
    const { api } = await createUser();
    const res = await api.post("/api/api-keys", { readOnly: "yes" });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(["name", "readOnly"]);
    expect((await call("GET", "/api/api-keys")).status).toBe(401);
    expect((await call("POST", "/api/api-keys", { body: { name: "x" } })).status).toBe(401);
    expect((await call("DELETE", "/api/api-keys/whatever")).status).toBe(401);
    const malformed = await call("GET", "/api/api-keys", { headers: { authorization: "Token abc" } });
    expect(malformed.status).toBe(401);
  });

  it("paginates the caller's keys and rejects bad cursors", async () => {
    const { api } = await createUser();
    for (let i = 0; i < 4; i++) await api.post("/api/api-keys", { name: `k${i}` });
    const full = await api.get("/api/api-keys?limit=200");
    expect(full.body.data).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Res = await api.get(`/api/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((k: { id: string }) => k.id));
      cursor = res.body.nextCursor;
      if (++pages > 10) throw new Error("pagination does not end");
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(full.body.data.map((k: { id: string }) => k.id));
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const c of ["garbage", forged(["a", "b"]), forged([{}, "x"]), forged([1, 2]), forged(["2026-01-01T00:00:00.000000Z", {}])]) {
      const res = await api.get(`/api/api-keys?cursor=${c}`);
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(["cursor"]);
    }
    expect((await api.get("/api/api-keys?limit=0")).status).toBe(400);
    expect((await api.get("/api/api-keys?limit=201")).status).toBe(400);
  });
});
