import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { addMember, createRunSetup, createUser } from "../helpers/factories";

type Res = { status: number; body: any };
const fields = (res: Res) => (res.body.error.details as { field: string }[]).map((d) => d.field).sort();
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa1b1e1f30000000049454e44ae426082", "hex");

async function setup() {
  const s = await createRunSetup();
  const api = s.owner.api;
  const runs = `${s.base}/test-runs`;
  const createSession = async (body: Record<string, unknown> = {}) => {
    const res = await api.post(runs, {
      name: "Explore checkout",
      milestoneId: s.milestone.id,
      environmentId: s.environment.id,
      kind: "EXPLORATORY",
      charter: "Explore **checkout** with saved cards",
      timeBoxMinutes: 45,
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; [k: string]: any };
  };
  return { ...s, api, runs, createSession };
}

describe("exploratory sessions", () => {
  it("creates a session with a charter and time box, starts its timer, and refuses what only other runs have", async () => {
    const { api, runs, createSession, milestone, environment } = await setup();
    const session = await createSession();
    expect(session).toMatchObject({
      kind: "EXPLORATORY",
      status: "PLANNED",
      charter: "Explore **checkout** with saved cards",
      timeBoxMinutes: 45,
      verdict: null,
      verdictSummary: null,
      startedAt: null,
      counts: { total: 0 },
    });
    // The time box defaults to an hour.
    expect((await createSession({ timeBoxMinutes: undefined })).timeBoxMinutes).toBe(60);

    const base = { name: "x", milestoneId: milestone.id, environmentId: environment.id };
    const manualWithCharter = await api.post(runs, { ...base, charter: "nope", timeBoxMinutes: 10 });
    expect(manualWithCharter.status).toBe(400);
    expect(fields(manualWithCharter)).toEqual(["charter", "timeBoxMinutes"]);
    const withCases = await api.post(runs, { ...base, kind: "EXPLORATORY", filter: { priorities: ["HIGH"] } });
    expect(fields(withCases)).toEqual(["filter"]);
    const badBox = await api.post(runs, { ...base, kind: "EXPLORATORY", timeBoxMinutes: 0 });
    expect(fields(badBox)).toEqual(["timeBoxMinutes"]);
    const completedWithoutVerdict = await api.post(runs, { ...base, kind: "EXPLORATORY", status: "COMPLETED" });
    expect(fields(completedWithoutVerdict)).toEqual(["verdict"]);

    const since = Date.now();
    const started = await api.patch(`${runs}/${session.id}`, { status: "IN_PROGRESS" });
    expect(started.status).toBe(200);
    expect(Date.parse(started.body.startedAt)).toBeGreaterThanOrEqual(since - 5_000);
    // Manual runs get no verdict.
    const manual = (await api.post(runs, base)).body;
    const verdictOnManual = await api.patch(`${runs}/${manual.id}`, { status: "COMPLETED", verdict: "PASSED" });
    expect(verdictOnManual.status).toBe(400);
    expect(fields(verdictOnManual)).toEqual(["verdict"]);
  });

  it("records timestamped notes and findings with defects and attachments, filters them, and finishes with a verdict", async () => {
    const { api, runs, project, createSession } = await setup();
    const session = await createSession();
    const notes = `${runs}/${session.id}/notes`;

    // Not started yet: no notes.
    const early = await api.post(notes, { body: "too early" });
    expect(early.status).toBe(409);
    await api.patch(`${runs}/${session.id}`, { status: "IN_PROGRESS" });

    const n1 = await api.post(notes, { body: "Cart keeps items after sign-in" });
    expect(n1.status).toBe(201);
    expect(n1.body).toMatchObject({ kind: "NOTE", body: "Cart keeps items after sign-in", defect: null, attachments: [] });
    expect(n1.body.offsetMs).toBeGreaterThanOrEqual(0);
    expect(n1.body.createdBy.id).toBeTruthy();
    const bug = await api.post(notes, {
      kind: "BUG",
      body: "Saved card **declined** with 502",
      defect: { key: "SHOP-9", url: "https://jira.example.com/browse/SHOP-9", tracker: "JIRA" },
    });
    expect(bug.status).toBe(201);
    expect(bug.body.defect).toEqual({ tracker: "JIRA", key: "SHOP-9", url: "https://jira.example.com/browse/SHOP-9" });
    const question = (await api.post(notes, { kind: "QUESTION", body: "Should guests see saved cards?" })).body;
    const idea = (await api.post(notes, { kind: "IDEA", body: "Offer Apple Pay in the mini cart" })).body;

    const invalid = await api.post(notes, { kind: "RANT", body: " ", extra: 1 });
    expect(invalid.status).toBe(400);
    expect(fields(invalid)).toEqual(["body", "extra", "kind"]);

    const list = await api.get(notes);
    expect(list.status).toBe(200);
    expect(list.body.data.map((n: { id: string }) => n.id)).toEqual([n1.body.id, bug.body.id, question.id, idea.id]);
    const offsets = list.body.data.map((n: { offsetMs: number }) => n.offsetMs);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    const findings = await api.get(`${notes}?kind=BUG,QUESTION`);
    expect(findings.body.data.map((n: { kind: string }) => n.kind)).toEqual(["BUG", "QUESTION"]);
    const paged = await api.get(`${notes}?limit=3`);
    expect(paged.body.data).toHaveLength(3);
    const rest = await api.get(`${notes}?limit=3&cursor=${paged.body.nextCursor}`);
    expect(rest.body.data.map((n: { id: string }) => n.id)).toEqual([idea.id]);

    // Edit while running, then delete.
    const edited = await api.patch(`${notes}/${question.id}`, { kind: "BUG", body: "Guests see saved cards" });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ kind: "BUG", body: "Guests see saved cards" });
    expect((await api.delete(`${notes}/${n1.body.id}`)).status).toBe(204);
    expect((await api.get(`${notes}/${n1.body.id}`)).status).toBe(404);

    // Completing needs a verdict, here and through POST .../complete.
    const noVerdict = await api.patch(`${runs}/${session.id}`, { status: "COMPLETED" });
    expect(noVerdict.status).toBe(400);
    expect(fields(noVerdict)).toEqual(["verdict"]);
    expect((await api.post(`${runs}/${session.id}/complete`)).status).toBe(400);
    const verdictTooEarly = await api.patch(`${runs}/${session.id}`, { verdict: "PASSED" });
    expect(fields(verdictTooEarly)).toEqual(["verdict"]);
    const done = await api.patch(`${runs}/${session.id}`, { status: "COMPLETED", verdict: "PASSED_WITH_ISSUES", verdictSummary: "Two bugs in saved cards." });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "COMPLETED", verdict: "PASSED_WITH_ISSUES", verdictSummary: "Two bugs in saved cards." });
    expect(done.body.completedAt).not.toBeNull();
    // Lists show the session's verdict and findings (the question became a bug; the plain note was deleted).
    expect(done.body.findings).toEqual({ bug: 2, question: 0, idea: 1, note: 0 });
    const listed = (await api.get(`${runs}?kind=EXPLORATORY`)).body.data.find((r: { id: string }) => r.id === session.id);
    expect(listed).toMatchObject({ verdict: "PASSED_WITH_ISSUES", findings: { bug: 2, question: 0, idea: 1, note: 0 } });

    // Finished: no new notes and no edits, but a defect can still be linked to a finding.
    expect((await api.post(notes, { body: "late" })).status).toBe(409);
    expect((await api.patch(`${notes}/${idea.id}`, { body: "changed" })).status).toBe(409);
    expect((await api.delete(`${notes}/${idea.id}`)).status).toBe(409);
    const linked = await api.patch(`${notes}/${question.id}`, { defect: { key: "SHOP-10" } });
    expect(linked.status).toBe(200);
    expect(linked.body.defect).toEqual({ tracker: "OTHER", key: "SHOP-10", url: null });

    // Every change is in the audit log.
    const audit = rowsOf<{ action: string }>(
      await getDb().execute(sql`select action from audit_log where entity_type = 'exploratory_note' and project_id = ${project.id}`),
    ).map((r) => r.action);
    expect(audit.filter((a) => a === "note.create")).toHaveLength(4);
    expect(audit).toContain("note.update");
    expect(audit).toContain("note.delete");
  });

  it("stores note attachments through the attachment storage and deletes them with the note", async () => {
    const { owner, runs, createSession } = await setup();
    const session = await createSession({ status: "IN_PROGRESS" });
    const notes = `${runs}/${session.id}/notes`;
    const note = (await owner.api.post(notes, { kind: "BUG", body: "Broken image" })).body;
    const upload = await call("POST", `${notes}/${note.id}/attachments?name=shot.png`, { key: owner.key, rawBody: PNG, headers: { "content-type": "image/png" } });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ noteId: note.id, filename: "shot.png", contentType: "image/png", sizeBytes: PNG.length });
    const download = await call("GET", upload.body.url, { key: owner.key });
    expect(download.status).toBe(200);
    const listed = (await owner.api.get(`${notes}/${note.id}`)).body;
    expect(listed.attachments.map((a: { id: string }) => a.id)).toEqual([upload.body.id]);
    // A file whose bytes contradict its type is refused.
    const fake = await call("POST", `${notes}/${note.id}/attachments?name=x.png`, { key: owner.key, rawBody: "not a png", headers: { "content-type": "image/png" } });
    expect(fake.status).toBe(415);
    expect((await owner.api.delete(`${notes}/${note.id}`)).status).toBe(204);
    const left = rowsOf<{ n: number }>(await getDb().execute(sql`select count(*)::int as n from attachments where id = ${upload.body.id}`));
    expect(Number(left[0].n)).toBe(0);
  });

  it("counts sessions and their findings in the milestone summary, with phases and by environment", async () => {
    const { api, base, runs, milestone, environment, createSession } = await setup();
    const qa = (await api.post(`${base}/environments`, { name: "QA" })).body;
    const phase = (await api.post(`${base}/milestones`, { name: "v1.0 phase", parentId: milestone.id })).body;
    await createSession({ name: "planned" });
    const running = await createSession({ name: "running", status: "IN_PROGRESS" });
    const finished = await createSession({ name: "finished", status: "IN_PROGRESS", milestoneId: phase.id, environmentId: qa.id });
    const aborted = await createSession({ name: "aborted", status: "IN_PROGRESS" });
    const add = (id: string, kind: string) => api.post(`${runs}/${id}/notes`, { kind, body: `${kind} note` });
    await add(running.id, "BUG");
    await add(running.id, "NOTE");
    await add(running.id, "QUESTION");
    await add(finished.id, "BUG");
    await add(finished.id, "IDEA");
    await add(aborted.id, "BUG");
    await api.patch(`${runs}/${finished.id}`, { status: "COMPLETED", verdict: "FAILED" });
    await api.patch(`${runs}/${aborted.id}`, { status: "ABORTED" });
    // A manual run is not a session.
    await api.post(runs, { name: "manual", milestoneId: milestone.id, environmentId: environment.id });

    const summary = await api.get(`${base}/milestones/${milestone.id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.exploratory).toEqual({ planned: 1, inProgress: 1, done: 1, findings: { bug: 2, question: 1, idea: 1, note: 1 } });
    const staging = await api.get(`${base}/milestones/${milestone.id}/summary?environment=${environment.id}`);
    expect(staging.body.exploratory).toEqual({ planned: 1, inProgress: 1, done: 0, findings: { bug: 1, question: 1, idea: 0, note: 1 } });
    const phaseSummary = await api.get(`${base}/milestones/${phase.id}/summary`);
    expect(phaseSummary.body.exploratory).toEqual({ planned: 0, inProgress: 0, done: 1, findings: { bug: 1, question: 0, idea: 1, note: 0 } });
    // Sessions are runs of the milestone: while one is open the milestone is not GO.
    expect(summary.body.reasons.map((r: { code: string }) => r.code)).toContain("RUNS_INCOMPLETE");
  });

  it("lets viewers read but not write, and hides other projects' sessions and notes (404)", async () => {
    const { owner, project, runs, createSession } = await setup();
    const session = await createSession({ status: "IN_PROGRESS" });
    const notes = `${runs}/${session.id}/notes`;
    const note = (await owner.api.post(notes, { body: "mine" })).body;

    const viewer = await createUser();
    await addMember(project.id, viewer.user.id, "VIEWER");
    expect((await viewer.api.get(notes)).status).toBe(200);
    expect((await viewer.api.post(notes, { body: "viewer note" })).status).toBe(403);
    expect((await viewer.api.patch(`${notes}/${note.id}`, { body: "x" })).status).toBe(403);
    expect((await viewer.api.delete(`${notes}/${note.id}`)).status).toBe(403);
    expect((await viewer.api.patch(`${runs}/${session.id}`, { status: "COMPLETED", verdict: "PASSED" })).status).toBe(403);
    const tester = await createUser();
    await addMember(project.id, tester.user.id, "TESTER");
    expect((await tester.api.post(notes, { kind: "IDEA", body: "tester idea" })).status).toBe(201);

    // Another project's member, and another project's ids under this project: 404.
    const other = await createRunSetup();
    const otherSession = (
      await other.owner.api.post(`${other.base}/test-runs`, {
        name: "theirs",
        milestoneId: other.milestone.id,
        environmentId: other.environment.id,
        kind: "EXPLORATORY",
        status: "IN_PROGRESS",
      })
    ).body;
    const otherNote = (await other.owner.api.post(`${other.base}/test-runs/${otherSession.id}/notes`, { body: "theirs" })).body;
    expect((await other.owner.api.get(notes)).status).toBe(404);
    expect((await other.owner.api.post(notes, { body: "intrusion" })).status).toBe(404);
    expect((await owner.api.get(`${runs}/${otherSession.id}/notes`)).status).toBe(404);
    expect((await owner.api.post(`${runs}/${otherSession.id}/notes`, { body: "x" })).status).toBe(404);
    expect((await owner.api.patch(`${notes}/${otherNote.id}`, { body: "x" })).status).toBe(404);
    expect((await owner.api.delete(`${notes}/${otherNote.id}`)).status).toBe(404);
    const crossUpload = await call("POST", `${notes}/${otherNote.id}/attachments?name=a.txt`, { key: owner.key, rawBody: "x", headers: { "content-type": "text/plain" } });
    expect(crossUpload.status).toBe(404);
    // A run that is not a session has no notes.
    const manual = (await owner.api.post(runs, { name: "manual", milestoneId: session.milestone.id, environmentId: session.environment.id })).body;
    expect((await owner.api.get(`${runs}/${manual.id}/notes`)).status).toBe(404);
    // Nothing of theirs changed.
    const theirs = await other.owner.api.get(`${other.base}/test-runs/${otherSession.id}/notes`);
    expect(theirs.body.data.map((n: { body: string }) => n.body)).toEqual(["theirs"]);
  });
});
