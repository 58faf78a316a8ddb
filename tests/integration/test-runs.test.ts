import { describe, expect, it } from "vitest";
import { createRunSetup } from "../helpers/factories";

type Res = { status: number; body: any };
const fields = (res: Res) => (res.body.error.details as { field: string }[]).map((d) => d.field).sort();
const ids = (res: Res) => (res.body.data as { id: string }[]).map((r) => r.id);
const ZERO = { total: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0, untested: 0, flaky: 0 };
const recent = (iso: string | null, since: number) => {
  expect(iso).not.toBeNull();
  expect(Date.parse(iso!)).toBeGreaterThanOrEqual(since - 5_000);
  expect(Date.parse(iso!)).toBeLessThanOrEqual(Date.now() + 5_000);
};

async function setup() {
  const s = await createRunSetup();
  const runs = `${s.base}/test-runs`;
  const api = s.owner.api;
  const createRun = async (body: Record<string, unknown> = {}) => {
    const res = await api.post(runs, { name: "Run", milestoneId: s.milestone.id, environmentId: s.environment.id, ...body });
    if (res.status !== 201) throw new Error(`run create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { ...s, api, runs, createRun };
}

describe("test runs API", () => {
  it("creates a run with every field (201) and returns it with milestone, environment and counts", async () => {
    const { api, runs, milestone, environment, project } = await setup();
    const since = Date.now();
    const res = await api.post(runs, {
      name: "Regression – Staging",
      description: "Nightly regression",
      milestoneId: milestone.id,
      environmentId: environment.id,
      kind: "AUTOMATED",
      status: "IN_PROGRESS",
      ciBuildId: "gh-1234",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      projectId: project.id,
      name: "Regression – Staging",
      description: "Nightly regression",
      kind: "AUTOMATED",
      status: "IN_PROGRESS",
      ciBuildId: "gh-1234",
      milestone: { id: milestone.id, name: "v1.0" },
      environment: { id: environment.id, name: "Staging" },
      counts: ZERO,
      completedAt: null,
    });
    recent(res.body.startedAt, since);
    const got = await api.get(`${runs}/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it("defaults kind to MANUAL and status to PLANNED, with no timestamps set", async () => {
    const { createRun } = await setup();
    const run = await createRun({ name: "Manual smoke" });
    expect(run).toMatchObject({ kind: "MANUAL", status: "PLANNED", description: "", ciBuildId: null, startedAt: null, completedAt: null });
  });

  it("stamps startedAt and completedAt for a run created already COMPLETED", async () => {
    const { createRun } = await setup();
    const since = Date.now();
    const run = await createRun({ status: "COMPLETED", kind: "EXPLORATORY", verdict: "PASSED" });
    expect(run.kind).toBe("EXPLORATORY");
    expect(run.verdict).toBe("PASSED");
    recent(run.startedAt, since);
    recent(run.completedAt, since);
  });

  it("refuses a milestoneId or environmentId that is unknown or from another project, naming the field(s)", async () => {
    const { api, runs, milestone, environment } = await setup();
    const other = await createRunSetup();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ milestoneId: other.milestone.id, environmentId: environment.id }, ["milestoneId"]],
      [{ milestoneId: milestone.id, environmentId: other.environment.id }, ["environmentId"]],
      [{ milestoneId: other.milestone.id, environmentId: other.environment.id }, ["environmentId", "milestoneId"]],
      [{ milestoneId: "no-such-id", environmentId: environment.id }, ["milestoneId"]],
      [{ milestoneId: milestone.id, environmentId: "no-such-id" }, ["environmentId"]],
      [{ milestoneId: "nope", environmentId: "nope" }, ["environmentId", "milestoneId"]],
      [{}, ["environmentId", "milestoneId"]],
      [{ milestoneId: milestone.id }, ["environmentId"]],
    ];
    for (const [refs, expected] of cases) {
      const res = await api.post(runs, { name: "R", ...refs });
      expect(res.status, JSON.stringify(refs)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(fields(res), JSON.stringify(refs)).toEqual(expected);
      for (const f of expected) expect(res.body.error.message).toContain(f);
    }
    expect((await api.get(runs)).body.data).toEqual([]);

    // The same rule holds when a run is moved.
    const run = (await api.post(runs, { name: "R", milestoneId: milestone.id, environmentId: environment.id })).body;
    const moveM = await api.patch(`${runs}/${run.id}`, { milestoneId: other.milestone.id });
    expect(moveM.status).toBe(400);
    expect(fields(moveM)).toEqual(["milestoneId"]);
    const moveE = await api.patch(`${runs}/${run.id}`, { environmentId: other.environment.id });
    expect(moveE.status).toBe(400);
    expect(fields(moveE)).toEqual(["environmentId"]);
    const after = await api.get(`${runs}/${run.id}`);
    expect(after.body.milestone.id).toBe(milestone.id);
    expect(after.body.environment.id).toBe(environment.id);
  });

  it("validates the other fields with a 400 naming each", async () => {
    const { api, runs, milestone, environment } = await setup();
    const refs = { milestoneId: milestone.id, environmentId: environment.id };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...refs }, ["name"]],
      [{ ...refs, name: " " }, ["name"]],
      [{ ...refs, name: "R", kind: "SMOKE" }, ["kind"]],
      [{ ...refs, name: "R", status: "DONE" }, ["status"]],
      [{ ...refs, name: "R", ciBuildId: "" }, ["ciBuildId"]],
      [{ ...refs, name: "R", ciBuildId: 42 }, ["ciBuildId"]],
      [{ ...refs, name: "R", ciBuildId: "x".repeat(201) }, ["ciBuildId"]],
      [{ ...refs, name: 1, kind: "X", status: "Y" }, ["kind", "name", "status"]],
    ];
    for (const [body, expected] of cases) {
      const res = await api.post(runs, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fields(res), JSON.stringify(body)).toEqual(expected);
    }
    expect((await api.get(runs)).body.data).toEqual([]);
  });

  it("upserts by ciBuildId: a second POST returns the same run with 200 and no second run exists", async () => {
    const { api, runs, createRun, milestone, environment } = await setup();
    const body = { name: "CI build 77", milestoneId: milestone.id, environmentId: environment.id, kind: "AUTOMATED", ciBuildId: "build-77" };
    const first = await api.post(runs, body);
    expect(first.status).toBe(201);
    const second = await api.post(runs, { ...body, name: "CI build 77 (retry)", status: "IN_PROGRESS" });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    // The existing run is returned as it is, not overwritten by the retry.
    expect(second.body).toMatchObject({ name: "CI build 77", status: "PLANNED", ciBuildId: "build-77" });
    const padded = await api.post(runs, { ...body, ciBuildId: "  build-77 " });
    expect(padded.status).toBe(200);
    expect(padded.body.id).toBe(first.body.id);

    await createRun({ name: "Unrelated" });
    await createRun({ name: "Other build", ciBuildId: "build-78" });
    const list = await api.get(runs);
    expect(list.body.data.filter((r: { ciBuildId: string }) => r.ciBuildId === "build-77")).toHaveLength(1);
    expect(list.body.data).toHaveLength(3);
    const filtered = await api.get(`${runs}?ciBuildId=build-77`);
    expect(ids(filtered)).toEqual([first.body.id]);

    // Without a ciBuildId, identical POSTs create separate runs.
    const a = await api.post(runs, { name: "Same", milestoneId: milestone.id, environmentId: environment.id });
    const b = await api.post(runs, { name: "Same", milestoneId: milestone.id, environmentId: environment.id });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);

    // The same ciBuildId in another project is another run.
    const other = await createRunSetup();
    const elsewhere = await other.owner.api.post(`${other.base}/test-runs`, {
      ...body,
      milestoneId: other.milestone.id,
      environmentId: other.environment.id,
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.id).not.toBe(first.body.id);
  });

  it("upserts concurrent POSTs of one ciBuildId into exactly one run", async () => {
    const { api, runs, milestone, environment } = await setup();
    const body = { name: "Shard", milestoneId: milestone.id, environmentId: environment.id, kind: "AUTOMATED", ciBuildId: "parallel-1" };
    const results = await Promise.all(Array.from({ length: 6 }, () => api.post(runs, body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await api.get(`${runs}?ciBuildId=parallel-1`)).body.data).toHaveLength(1);
  });

  it("stamps startedAt and completedAt on transitions and refuses illegal ones with 409", async () => {
    const { api, runs, createRun } = await setup();
    const run = await createRun();
    const url = `${runs}/${run.id}`;

    const since = Date.now();
    const started = await api.patch(url, { status: "IN_PROGRESS" });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe("IN_PROGRESS");
    recent(started.body.startedAt, since);
    expect(started.body.completedAt).toBeNull();

    const back = await api.patch(url, { status: "PLANNED" });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe("CONFLICT");

    const same = await api.patch(url, { status: "IN_PROGRESS", name: "Renamed" });
    expect(same.status).toBe(200);
    expect(same.body.startedAt).toBe(started.body.startedAt);
    expect(same.body.name).toBe("Renamed");

    const completed = await api.patch(url, { status: "COMPLETED" });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe("COMPLETED");
    expect(completed.body.startedAt).toBe(started.body.startedAt);
    recent(completed.body.completedAt, since);

    for (const status of ["IN_PROGRESS", "PLANNED", "ABORTED"]) {
      const res = await api.patch(url, { status });
      expect(res.status, `COMPLETED→${status}`).toBe(409);
      expect(res.body.error.message).toContain("COMPLETED");
    }
    expect((await api.get(url)).body).toMatchObject({ status: "COMPLETED", completedAt: completed.body.completedAt });

    const aborted = await createRun({ status: "IN_PROGRESS" });
    const abortedRes = await api.patch(`${runs}/${aborted.id}`, { status: "ABORTED" });
    expect(abortedRes.status).toBe(200);
    expect(abortedRes.body.completedAt).not.toBeNull();
    for (const status of ["IN_PROGRESS", "COMPLETED", "PLANNED"]) {
      const res = await api.patch(`${runs}/${aborted.id}`, { status });
      expect(res.status, `ABORTED→${status}`).toBe(409);
    }
    expect((await api.get(`${runs}/${aborted.id}`)).body.status).toBe("ABORTED");

    // PLANNED straight to COMPLETED stamps both.
    const direct = await createRun();
    const done = await api.patch(`${runs}/${direct.id}`, { status: "COMPLETED" });
    expect(done.status).toBe(200);
    expect(done.body.startedAt).not.toBeNull();
    expect(done.body.completedAt).not.toBeNull();

    // A 409 changes nothing else in the same request either.
    const mixed = await api.patch(`${runs}/${direct.id}`, { status: "IN_PROGRESS", name: "Should not stick" });
    expect(mixed.status).toBe(409);
    expect((await api.get(`${runs}/${direct.id}`)).body.name).toBe("Run");
  });

  it("updates name, description, milestone and environment, and refuses fields that are not editable", async () => {
    const { api, runs, createRun, base } = await setup();
    const run = await createRun({ ciBuildId: "b-1" });
    const m2 = await api.post(`${base}/milestones`, { name: "v2.0" });
    const e2 = await api.post(`${base}/environments`, { name: "Production" });
    const res = await api.patch(`${runs}/${run.id}`, {
      name: "Moved",
      description: "now in prod",
      milestoneId: m2.body.id,
      environmentId: e2.body.id,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Moved",
      description: "now in prod",
      milestone: { id: m2.body.id, name: "v2.0" },
      environment: { id: e2.body.id, name: "Production" },
      ciBuildId: "b-1",
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(run.updatedAt));
    const bad = await api.patch(`${runs}/${run.id}`, { ciBuildId: "b-2" });
    expect(bad.status).toBe(400);
    const badName = await api.patch(`${runs}/${run.id}`, { name: "" });
    expect(badName.status).toBe(400);
    expect(fields(badName)).toEqual(["name"]);
    // Renaming the milestone shows in the run.
    await api.patch(`${base}/milestones/${m2.body.id}`, { name: "v2.0.1" });
    expect((await api.get(`${runs}/${run.id}`)).body.milestone).toEqual({ id: m2.body.id, name: "v2.0.1" });
  });

  it("completes a run with POST .../complete, idempotently, and refuses to complete an aborted one", async () => {
    const { api, runs, createRun } = await setup();
    const run = await createRun({ status: "IN_PROGRESS" });
    const since = Date.now();
    const first = await api.post(`${runs}/${run.id}/complete`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: run.id, status: "COMPLETED", startedAt: run.startedAt });
    recent(first.body.completedAt, since);
    const second = await api.post(`${runs}/${run.id}/complete`);
    expect(second.status).toBe(200);
    expect(second.body.status).toBe("COMPLETED");
    expect(second.body.completedAt).toBe(first.body.completedAt);

    const planned = await createRun();
    const fromPlanned = await api.post(`${runs}/${planned.id}/complete`);
    expect(fromPlanned.status).toBe(200);
    expect(fromPlanned.body.startedAt).not.toBeNull();

    const aborted = await createRun({ status: "ABORTED" });
    const refused = await api.post(`${runs}/${aborted.id}/complete`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("CONFLICT");
    expect((await api.get(`${runs}/${aborted.id}`)).body.status).toBe("ABORTED");

    expect((await api.post(`${runs}/no-such-run/complete`)).status).toBe(404);
  });

  it("lists runs newest first, each with milestone, environment and counts", async () => {
    const { api, runs, createRun, milestone, environment } = await setup();
    const a = await createRun({ name: "A" });
    const b = await createRun({ name: "B" });
    const c = await createRun({ name: "C" });
    const list = await api.get(runs);
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([c.id, b.id, a.id]);
    expect(list.body.nextCursor).toBeNull();
    for (const run of list.body.data) {
      expect(run.milestone).toEqual({ id: milestone.id, name: "v1.0" });
      expect(run.environment).toEqual({ id: environment.id, name: "Staging" });
      expect(run.counts).toEqual(ZERO);
      expect(Object.keys(run.counts).sort()).toEqual(["blocked", "failed", "flaky", "passed", "retest", "skipped", "total", "untested"]);
    }
  });

  it("filters the list by milestoneId, environmentId, status, kind and ciBuildId", async () => {
    const { api, runs, createRun, base, milestone, environment } = await setup();
    const m2 = (await api.post(`${base}/milestones`, { name: "v2" })).body;
    const e2 = (await api.post(`${base}/environments`, { name: "QA" })).body;
    const r1 = await createRun({ name: "r1" });
    const r2 = await createRun({ name: "r2", milestoneId: m2.id, status: "IN_PROGRESS", kind: "AUTOMATED", ciBuildId: "ci-2" });
    const r3 = await createRun({ name: "r3", environmentId: e2.id, status: "COMPLETED", kind: "EXPLORATORY", verdict: "PASSED" });
    const r4 = await createRun({ name: "r4", milestoneId: m2.id, environmentId: e2.id, status: "ABORTED", kind: "AUTOMATED", ciBuildId: "ci-4" });
    const q = async (qs: string) => {
      const res = await api.get(`${runs}?${qs}`);
      expect(res.status, qs).toBe(200);
      return ids(res).sort();
    };
    const sorted = (...rs: { id: string }[]) => rs.map((r) => r.id).sort();
    expect(await q(`milestoneId=${milestone.id}`)).toEqual(sorted(r1, r3));
    expect(await q(`milestoneId=${m2.id}`)).toEqual(sorted(r2, r4));
    expect(await q(`environmentId=${environment.id}`)).toEqual(sorted(r1, r2));
    expect(await q(`environmentId=${e2.id}`)).toEqual(sorted(r3, r4));
    expect(await q("status=PLANNED")).toEqual(sorted(r1));
    expect(await q("status=IN_PROGRESS,COMPLETED")).toEqual(sorted(r2, r3));
    expect(await q("status=aborted")).toEqual(sorted(r4));
    expect(await q("kind=AUTOMATED")).toEqual(sorted(r2, r4));
    expect(await q("kind=MANUAL,EXPLORATORY")).toEqual(sorted(r1, r3));
    expect(await q("ciBuildId=ci-4")).toEqual(sorted(r4));
    expect(await q("ciBuildId=unknown")).toEqual([]);
    expect(await q(`milestoneId=${m2.id}&environmentId=${e2.id}`)).toEqual(sorted(r4));
    expect(await q(`milestoneId=${m2.id}&status=IN_PROGRESS&kind=AUTOMATED`)).toEqual(sorted(r2));
    expect(await q("milestoneId=unknown")).toEqual([]);
    for (const qs of ["status=DONE", "kind=SMOKE", "status=", "milestoneId="]) {
      const res = await api.get(`${runs}?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(fields(res).every((f) => f.startsWith(qs.split("=")[0]))).toBe(true);
    }
  });

  it("paginates without gaps or repeats and rejects bad paging parameters", async () => {
    const { api, runs, createRun } = await setup();
    for (let i = 0; i < 5; i++) await createRun({ name: `R${i}`, kind: i % 2 ? "AUTOMATED" : "MANUAL" });
    const full = await api.get(`${runs}?limit=200`);
    const expected = ids(full);
    expect(expected).toHaveLength(5);
    for (const [limit, qs, want] of [
      [1, "", expected],
      [2, "", expected],
      [5, "", expected],
      [1, "&kind=AUTOMATED", full.body.data.filter((r: { kind: string }) => r.kind === "AUTOMATED").map((r: { id: string }) => r.id)],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Res = await api.get(`${runs}?limit=${limit}${qs}${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(limit);
        seen.push(...ids(res));
        cursor = res.body.nextCursor;
        if (++pages > 20) throw new Error("pagination does not end");
      } while (cursor);
      expect(seen, `limit=${limit}${qs}`).toEqual(want);
      expect(pages).toBe(Math.max(1, Math.ceil(want.length / limit)));
    }
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const qs of [
      "limit=0",
      "limit=201",
      "cursor=garbage",
      `cursor=${forged(["5", "x"])}`,
      `cursor=${forged(["2026-02-30T00:00:00.000000Z", "x"])}`,
      `cursor=${forged(["2026-01-01T00:00:00.000000Z", 7])}`,
    ]) {
      const res = await api.get(`${runs}?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(fields(res)).toEqual([qs.split("=")[0]]);
    }
  });

  it("answers 404 for another project's run by own path, and for the foreign project path", async () => {
    const mine = await setup();
    const theirs = await setup();
    const secret = await theirs.createRun({ name: "Secret", status: "IN_PROGRESS" });

    for (const res of [
      await mine.api.get(`${mine.runs}/${secret.id}`),
      await mine.api.patch(`${mine.runs}/${secret.id}`, { name: "Stolen" }),
      await mine.api.post(`${mine.runs}/${secret.id}/complete`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Test run not found.");
    }
    for (const res of [
      await mine.api.get(theirs.runs),
      await mine.api.post(theirs.runs, { name: "x", milestoneId: theirs.milestone.id, environmentId: theirs.environment.id }),
      await mine.api.get(`${theirs.runs}/${secret.id}`),
      await mine.api.patch(`${theirs.runs}/${secret.id}`, { status: "ABORTED" }),
      await mine.api.post(`${theirs.runs}/${secret.id}/complete`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Project not found.");
    }
    const still = await theirs.api.get(`${theirs.runs}/${secret.id}`);
    expect(still.body).toMatchObject({ name: "Secret", status: "IN_PROGRESS", completedAt: null });
    expect((await theirs.api.get(theirs.runs)).body.data).toHaveLength(1);
    expect((await mine.api.get(mine.runs)).body.data).toHaveLength(0);
  });
});
