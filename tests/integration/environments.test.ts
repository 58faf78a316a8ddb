import { describe, expect, it } from "vitest";
import { createProjectWithOwner, createRunSetup, createUser } from "../helpers/factories";

const fields = (res: { body: any }) => (res.body.error.details as { field: string }[]).map((d) => d.field);

describe("environments API", () => {
  it("creates, reads, lists, renames and deletes an environment", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/environments`;

    const created = await owner.api.post(base, { name: "  Staging  ", description: "Pre-production" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ projectId: project.id, name: "Staging", description: "Pre-production" });
    expect(typeof created.body.id).toBe("string");
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();
    const id = created.body.id as string;

    const noDescription = await owner.api.post(base, { name: "QA" });
    expect(noDescription.status).toBe(201);
    expect(noDescription.body.description).toBe("");

    // The project key works as well as its id.
    const one = await owner.api.get(`/api/projects/${project.key}/environments/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(created.body);

    const list = await owner.api.get(base);
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { name: string }) => e.name)).toEqual(["QA", "Staging"]);
    expect(list.body.nextCursor).toBeNull();

    const renamed = await owner.api.patch(`${base}/${id}`, { name: "Stage" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: "Stage", description: "Pre-production" });
    const described = await owner.api.patch(`${base}/${id}`, { description: "" });
    expect(described.body).toMatchObject({ id, name: "Stage", description: "" });
    expect((await owner.api.get(`${base}/${id}`)).body.name).toBe("Stage");

    const del = await owner.api.delete(`${base}/${id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    const gone = await owner.api.get(`${base}/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("NOT_FOUND");
    expect((await owner.api.delete(`${base}/${id}`)).status).toBe(404);
    expect((await owner.api.patch(`${base}/${id}`, { name: "x" })).status).toBe(404);
    expect((await owner.api.get(base)).body.data.map((e: { name: string }) => e.name)).toEqual(["QA"]);
  });

  it("refuses a duplicate name, ignoring case, on create and on rename", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/environments`;
    expect((await owner.api.post(base, { name: "Staging" })).status).toBe(201);

    for (const name of ["Staging", "staging", "STAGING", " Staging "]) {
      const dup = await owner.api.post(base, { name });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe("CONFLICT");
      expect(fields(dup)).toEqual(["name"]);
      expect(dup.body.error.message).toContain("already exists");
    }

    const prod = await owner.api.post(base, { name: "Production" });
    const rename = await owner.api.patch(`${base}/${prod.body.id}`, { name: "STAGING" });
    expect(rename.status).toBe(409);
    expect(fields(rename)).toEqual(["name"]);
    // Changing only the case of its own name is allowed.
    const recase = await owner.api.patch(`${base}/${prod.body.id}`, { name: "PRODUCTION" });
    expect(recase.status).toBe(200);
    expect(recase.body.name).toBe("PRODUCTION");

    // The same name in another project is fine.
    const other = await createProjectWithOwner();
    expect((await other.owner.api.post(`/api/projects/${other.project.id}/environments`, { name: "Staging" })).status).toBe(201);
    expect((await owner.api.get(base)).body.data).toHaveLength(2);
  });

  it("refuses to delete an environment that a run uses", async () => {
    const { owner, base, environment, milestone } = await createRunSetup();
    const run = await owner.api.post(`${base}/test-runs`, { name: "Smoke", milestoneId: milestone.id, environmentId: environment.id });
    expect(run.status).toBe(201);
    const del = await owner.api.delete(`${base}/environments/${environment.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe("CONFLICT");
    expect(del.body.error.message).toMatch(/used by 1 test run\b/);
    expect((await owner.api.get(`${base}/environments/${environment.id}`)).status).toBe(200);
    expect((await owner.api.get(`${base}/test-runs/${run.body.id}`)).body.environment).toEqual({ id: environment.id, name: "Staging" });
  });

  it("answers 404 for another project's environment, by its own path and by the foreign path", async () => {
    const mine = await createProjectWithOwner();
    const theirs = await createProjectWithOwner();
    const foreign = await theirs.owner.api.post(`/api/projects/${theirs.project.id}/environments`, { name: "Secret" });
    expect(foreign.status).toBe(201);
    const fid = foreign.body.id;

    const own = `/api/projects/${mine.project.id}/environments/${fid}`;
    for (const res of [
      await mine.owner.api.get(own),
      await mine.owner.api.patch(own, { name: "Stolen" }),
      await mine.owner.api.delete(own),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
      expect(res.body.error.message).toBe("Environment not found.");
    }

    const path = `/api/projects/${theirs.project.id}/environments`;
    for (const res of [
      await mine.owner.api.get(path),
      await mine.owner.api.post(path, { name: "Intruder" }),
      await mine.owner.api.get(`${path}/${fid}`),
      await mine.owner.api.patch(`${path}/${fid}`, { name: "Stolen" }),
      await mine.owner.api.delete(`${path}/${fid}`),
      await mine.owner.api.get(`/api/projects/${theirs.project.key}/environments/${fid}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Project not found.");
    }

    // Nothing changed on the other side.
    const after = await theirs.owner.api.get(`${path}/${fid}`);
    expect(after.body.name).toBe("Secret");
    expect((await theirs.owner.api.get(path)).body.data).toHaveLength(1);
  });

  it("validates input with a 400 that names each invalid field", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/environments`;

    const missing = await owner.api.post(base, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("VALIDATION_FAILED");
    expect(fields(missing)).toEqual(["name"]);

    const blank = await owner.api.post(base, { name: "   " });
    expect(blank.status).toBe(400);
    expect(fields(blank)).toEqual(["name"]);

    const tooLong = await owner.api.post(base, { name: "x".repeat(101) });
    expect(tooLong.status).toBe(400);
    expect(fields(tooLong)).toEqual(["name"]);

    const wrongTypes = await owner.api.post(base, { name: 42, description: false });
    expect(wrongTypes.status).toBe(400);
    expect(fields(wrongTypes).sort()).toEqual(["description", "name"]);
    expect(wrongTypes.body.error.message).toContain("name");

    const unknownField = await owner.api.post(base, { name: "QA", color: "red" });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.code).toBe("VALIDATION_FAILED");

    const notObject = await owner.api.post(base, ["Staging"]);
    expect(notObject.status).toBe(400);

    const env = await owner.api.post(base, { name: "QA" });
    const badPatch = await owner.api.patch(`${base}/${env.body.id}`, { name: "" });
    expect(badPatch.status).toBe(400);
    expect(fields(badPatch)).toEqual(["name"]);

    // Nothing was created by the failed calls.
    expect((await owner.api.get(base)).body.data.map((e: { name: string }) => e.name)).toEqual(["QA"]);
  });

  it("walks every page with limit=1 and rejects bad paging parameters", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/environments`;
    const names = ["Alpha", "beta", "Delta", "Gamma", "Production"];
    for (const name of [...names].reverse()) expect((await owner.api.post(base, { name })).status).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await owner.api.get(`${base}?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      seen.push(res.body.data[0].name);
      cursor = res.body.nextCursor;
      pages++;
      expect(pages).toBeLessThanOrEqual(names.length);
    } while (cursor);
    expect(pages).toBe(names.length);
    expect(new Set(seen).size).toBe(names.length);
    expect([...seen].sort()).toEqual([...names].sort());

    // A page exactly as large as the list has no next cursor; one smaller has.
    const full = await owner.api.get(`${base}?limit=5`);
    expect(full.body.data).toHaveLength(5);
    expect(full.body.nextCursor).toBeNull();
    const partial = await owner.api.get(`${base}?limit=4`);
    expect(partial.body.data).toHaveLength(4);
    expect(typeof partial.body.nextCursor).toBe("string");
    const last = await owner.api.get(`${base}?limit=4&cursor=${partial.body.nextCursor}`);
    expect(last.body.data).toHaveLength(1);
    expect(last.body.nextCursor).toBeNull();
    expect([...partial.body.data, ...last.body.data].map((e: { name: string }) => e.name)).toEqual(full.body.data.map((e: { name: string }) => e.name));

    expect((await owner.api.get(`${base}?limit=200`)).status).toBe(200);
    for (const qs of ["limit=0", "limit=201", "limit=-1", "limit=1.5", "limit=abc"]) {
      const res = await owner.api.get(`${base}?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(fields(res)).toEqual(["limit"]);
    }
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const cursor of ["garbage", "x".repeat(600), forged(["a"]), forged([true, "x"]), forged([1, 2]), forged(["a", {}])]) {
      const res = await owner.api.get(`${base}?cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(fields(res)).toEqual(["cursor"]);
    }
  });

  it("is invisible to a user who is not a member", async () => {
    const { owner, project } = await createProjectWithOwner();
    await owner.api.post(`/api/projects/${project.id}/environments`, { name: "QA" });
    const stranger = await createUser();
    const res = await stranger.api.get(`/api/projects/${project.id}/environments`);
    expect(res.status).toBe(404);
  });
});
