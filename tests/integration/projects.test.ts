import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createProjectWithOwner, createUser, uniqueKey } from "../helpers/factories";

describe("projects API", () => {
  it("creates a project, makes the creator ADMIN, and finds it by id or key", async () => {
    const { api } = await createUser();
    const key = uniqueKey();
    const res = await api.post("/api/projects", { name: "Shop", key: key.toLowerCase(), description: "Web shop" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "Shop", key, description: "Web shop", role: "ADMIN" });
    const byKey = await api.get(`/api/projects/${key}`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.id).toBe(res.body.id);
    const byId = await api.get(`/api/projects/${res.body.id}`);
    expect(byId.body.key).toBe(key);
  });

  it("rejects a bad key with a 400 naming the field, and a duplicate with 409", async () => {
    const { api } = await createUser();
    const bad = await api.post("/api/projects", { name: "X", key: "a" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(["key"]);
    const key = uniqueKey();
    expect((await api.post("/api/projects", { name: "A", key })).status).toBe(201);
    const dup = await api.post("/api/projects", { name: "B", key });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].field).toBe("key");
  });

  it("answers 401 without credentials and with an unknown key", async () => {
    expect((await call("GET", "/api/projects")).status).toBe(401);
    const res = await call("GET", "/api/projects", { key: "qas_" + "x".repeat(43) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("hides other people's projects: not listed, and 404 by id and key", async () => {
    const { project } = await createProjectWithOwner();
    const stranger = await createUser();
    const list = await stranger.api.get("/api/projects");
    expect(list.body.data.map((p: { id: string }) => p.id)).not.toContain(project.id);
    expect((await stranger.api.get(`/api/projects/${project.id}`)).status).toBe(404);
    expect((await stranger.api.get(`/api/projects/${project.key}`)).status).toBe(404);
    expect((await stranger.api.patch(`/api/projects/${project.id}`, { name: "mine" })).status).toBe(404);
  });

  it("updates name and description but refuses unknown fields such as key", async () => {
    const { owner, project } = await createProjectWithOwner();
    const ok = await owner.api.patch(`/api/projects/${project.key}`, { name: "Renamed", description: "d" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: "Renamed", description: "d", key: project.key });
    const bad = await owner.api.patch(`/api/projects/${project.key}`, { key: "OTHER" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: "key", message: "Unknown field" }]);
    expect((await owner.api.get(`/api/projects/${project.key}`)).body.key).toBe(project.key);
  });

  it("paginates with limit and cursor without gaps or repeats", async () => {
    const { api } = await createUser();
    const keys = [uniqueKey("A"), uniqueKey("B"), uniqueKey("C")];
    for (const key of keys) await api.post("/api/projects", { name: `Paged ${key}`, key });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await api.get(`/api/projects${qs}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((p: { key: string }) => p.key));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual([...keys].sort());
    expect((await api.get("/api/projects?limit=0")).status).toBe(400);
    expect((await api.get("/api/projects?limit=201")).status).toBe(400);
    expect((await api.get("/api/projects?cursor=garbage")).status).toBe(400);
  });
});
