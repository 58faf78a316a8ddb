import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { actorFromUserId } from "@/lib/auth/actor";
import { withProject } from "@/lib/auth/project-access";
import { GET as evidencePdfRoute } from "@/app/api/projects/[projectId]/milestones/[milestoneId]/evidence.pdf/route";
import { canonicalJson } from "@/lib/evidence/canonical";
import { readEvidence } from "@/lib/evidence/read-evidence";
import { rowsOf } from "@/lib/sql";
import { evidencePdf } from "@/lib/evidence/render-pdf";
import { call } from "../helpers/api";
import { entriesOf, insertCases } from "../helpers/case-fixtures";
import { addMember, createRunSetup, createUser } from "../helpers/factories";
import { summaryWorld } from "../helpers/milestone-fixtures";

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** The PDF route called in-process with a real Request, its body read as bytes. */
async function downloadPdf(key: string, projectId: string, milestoneId: string) {
  const url = `http://localhost:3000/api/projects/${projectId}/milestones/${milestoneId}/evidence.pdf`;
  const res = await evidencePdfRoute(new Request(url, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ projectId, milestoneId }),
  });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: false });
  return text;
}

/** A milestone with a failing CRITICAL case (defect, comment), a passing case, a waived HIGH failure and a sign-off. */
async function releaseWithEvidence() {
  const setup = await createRunSetup();
  const path = `${setup.base}/milestones/${setup.milestone.id}`;
  expect((await setup.owner.api.patch(path, { name: "Evidence Release 7", description: "Spring release of the shop" })).status).toBe(200);
  const [pay, browse, refund] = await insertCases(setup.project, [
    { title: "Pay with card", priority: "CRITICAL" },
    { title: "Browse catalogue", priority: "LOW" },
    { title: "Refund an order", priority: "HIGH" },
  ]);
  const tester = await createUser({ name: "Tess Tester" });
  const viewer = await createUser({ name: "Vera Viewer" });
  await addMember(setup.project.id, tester.user.id, "TESTER");
  await addMember(setup.project.id, viewer.user.id, "VIEWER");
  const run = (
    await setup.owner.api.post(`${setup.base}/test-runs`, {
      name: "Release regression",
      milestoneId: setup.milestone.id,
      environmentId: setup.environment.id,
      caseIds: [pay.id, browse.id, refund.id],
    })
  ).body;
  const entries = await entriesOf(run.id);
  const entryOf = (caseId: string) => entries.find((e) => e.case_id === caseId)!.id;
  const record = (caseId: string, body: object) => tester.api.post(`${setup.base}/test-runs/${run.id}/entries/${entryOf(caseId)}/results`, body);
  expect(
    (await record(pay.id, { status: "FAILED", comment: "Card declined at 3-D Secure", durationMs: 61_000, defect: { key: "PAY-42", tracker: "JIRA", url: "https://jira.example.test/browse/PAY-42" } })).status,
  ).toBe(201);
  expect((await record(browse.id, { status: "PASSED", durationMs: 5_000 })).status).toBe(201);
  expect((await record(refund.id, { status: "FAILED", comment: "Refund button greyed out" })).status).toBe(201);
  const waiver = await tester.api.post(`${path}/waivers`, {
    caseId: refund.key,
    environmentId: setup.environment.id,
    reason: "Refunds are handled by the back office this release",
    expiresAt: "2099-12-31T23:59:59Z",
  });
  expect(waiver.status).toBe(201);
  // Two requirements in scope: SHOP-12 verified by the failing payment case, SHOP-13 by nothing.
  expect((await setup.owner.api.post(`${setup.base}/requirements`, { key: "SHOP-12", title: "Card payments" })).status).toBe(201);
  expect((await setup.owner.api.post(`${setup.base}/requirements`, { key: "SHOP-13", title: "Gift cards" })).status).toBe(201);
  expect((await setup.owner.api.patch(`${setup.base}/test-cases/${pay.id}`, { requirementKeys: ["SHOP-12"] })).status).toBe(200);
  expect((await call("PUT", `${path}/requirements`, { key: setup.owner.key, body: { keys: ["SHOP-12", "SHOP-13"] } })).status).toBe(200);
  expect((await viewer.api.post(`${path}/signoffs`, { comment: "Reviewed the failures with the team", decision: "REJECTED" })).status).toBe(201);
  return { ...setup, path, run, tester, viewer, cases: { pay, browse, refund } };
}

describe("evidence pack", () => {
  it("evidence.json: the manifest holds the milestone, verdict, runs, entries, failures, waivers, sign-offs, checklist and audit trail; sha256 is its canonical hash and stable", async () => {
    const w = await releaseWithEvidence();
    const first = await w.viewer.api.get(`${w.path}/evidence.json`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    const { sha256: hash, generatedAt, manifest } = first.body;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.headers.get("x-evidence-sha256")).toBe(hash);
    expect(Date.parse(generatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(sha256(canonicalJson(manifest))).toBe(hash);
    expect(Object.keys(manifest)).toEqual(Object.keys(manifest).sort());

    expect(manifest).toMatchObject({
      format: "qa-studio-evidence/1",
      project: { id: w.project.id, key: w.project.key },
      milestone: { id: w.milestone.id, name: "Evidence Release 7", description: "Spring release of the shop", dueDate: "2030-01-01T00:00:00.000Z", status: "ACTIVE", parent: null, phases: [] },
      rules: { passRateThreshold: 95, blockingPriorities: ["CRITICAL", "HIGH"], requireCoverage: false },
      verdict: { verdict: "NO_GO", counts: { total: 3, passed: 1, failed: 2 } },
    });
    expect(manifest.verdict.reasons.map((r: { code: string }) => r.code)).toEqual(["RUNS_INCOMPLETE", "BLOCKING_FAILURES", "PASS_RATE_BELOW_THRESHOLD"]);
    expect(manifest.runs).toEqual([
      expect.objectContaining({
        id: w.run.id,
        name: "Release regression",
        environment: { id: w.environment.id, name: "Staging" },
        createdBy: expect.objectContaining({ id: w.owner.user.id }),
        executors: [expect.objectContaining({ id: w.tester.user.id, name: "Tess Tester", results: 3 })],
      }),
    ]);
    const pay = manifest.entries.find((e: { caseKey: string }) => e.caseKey === w.cases.pay.key);
    expect(pay).toMatchObject({
      status: "FAILED",
      executedBy: { id: w.tester.user.id, name: "Tess Tester" },
      durationMs: 61_000,
      comment: "Card declined at 3-D Secure",
      defect: { tracker: "JIRA", key: "PAY-42", url: "https://jira.example.test/browse/PAY-42" },
      attempts: 1,
    });
    expect(manifest.entries.map((e: { caseKey: string }) => e.caseKey)).toEqual([w.cases.pay.key, w.cases.browse.key, w.cases.refund.key]);
    expect(manifest.openFailures.map((f: { caseKey: string }) => f.caseKey)).toEqual([w.cases.pay.key]);
    expect(manifest.waivedFailures.map((f: { caseKey: string }) => f.caseKey)).toEqual([w.cases.refund.key]);
    expect(manifest.waivers).toEqual([
      expect.objectContaining({ caseKey: w.cases.refund.key, reason: "Refunds are handled by the back office this release", createdBy: { id: w.tester.user.id, name: "Tess Tester" }, expiresAt: "2099-12-31T23:59:59.000Z", active: true }),
    ]);
    expect(manifest.signoffs).toEqual([
      expect.objectContaining({ decision: "REJECTED", comment: "Reviewed the failures with the team", verdictAtSignoff: "NO_GO", user: expect.objectContaining({ name: "Vera Viewer" }) }),
    ]);
    expect(manifest.checklist.items.map((i: { code: string; met: boolean }) => [i.code, i.met])).toEqual([
      ["RUNS_INCOMPLETE", false],
      ["BLOCKING_FAILURES", false],
      ["PASS_RATE_BELOW_THRESHOLD", false],
      ["UNTRACKED_FAILURES", true],
      ["NEW_REGRESSIONS", true],
      ["STALE_RESULTS", true],
      ["REQUIREMENTS_NOT_COVERED", true],
      ["DEFECTS_RESOLVED", true],
      ["NOT_SIGNED_OFF", false],
    ]);
    expect(manifest.checklist.completion).toBeNull();
    expect(manifest.coverage.totals).toEqual({ inScope: 2, ok: 0, nok: 1, notRun: 0, uncovered: 1 });
    expect(manifest.coverage.requirements.map((r: { key: string; status: string }) => [r.key, r.status])).toEqual([["SHOP-12", "NOK"], ["SHOP-13", "UNCOVERED"]]);
    expect(manifest.coverage.requirements[0].cases).toEqual([expect.objectContaining({ caseKey: w.cases.pay.key, status: "NOK" })]);
    const actions = manifest.audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["milestone.create", "milestone.update", "run.create", "result.record", "waiver.create", "milestone.requirements", "milestone.signoff"]));
    expect(actions.filter((a: string) => a === "result.record")).toHaveLength(3);
    const times = manifest.audit.map((a: { at: string }) => a.at);
    expect(times).toEqual([...times].sort());
    expect(manifest.audit.find((a: { action: string }) => a.action === "waiver.create")).toMatchObject({
      actor: { id: w.tester.user.id, name: "Tess Tester" },
      entityName: `${w.cases.refund.key} Refund an order on Evidence Release 7`,
    });

    // Stable: nothing changed, same hash; a new result changes it.
    const again = await w.viewer.api.get(`${w.path}/evidence.json`);
    expect(again.body.sha256).toBe(hash);
    expect(again.body.manifest).toEqual(manifest);
    const [browseEntry] = (await entriesOf(w.run.id)).filter((e) => e.case_id === w.cases.browse.id);
    expect((await w.tester.api.post(`${w.base}/test-runs/${w.run.id}/entries/${browseEntry.id}/results`, { status: "PASSED" })).status).toBe(201);
    expect((await w.viewer.api.get(`${w.path}/evidence.json`)).body.sha256).not.toBe(hash);

    // With requireCoverage the uncovered requirements are a reason and an unmet checklist item.
    expect((await w.owner.api.patch(w.base, { settings: { requireCoverage: true } })).status).toBe(200);
    const strict = (await w.viewer.api.get(`${w.path}/evidence.json`)).body.manifest;
    expect(strict.rules.requireCoverage).toBe(true);
    expect(strict.verdict.reasons.map((r: { code: string }) => r.code)).toContain("REQUIREMENTS_NOT_COVERED");
    expect(strict.checklist.items.find((i: { code: string }) => i.code === "REQUIREMENTS_NOT_COVERED")).toMatchObject({ met: false, message: expect.stringContaining("SHOP-13") });
  });

  it("evidence.pdf: a real PDF whose text has the key facts and the manifest's hash in every page's footer", async () => {
    const w = await releaseWithEvidence();
    const { res, bytes } = await downloadPdf(w.viewer.key, w.project.id, w.milestone.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="P[0-9A-F]+-Evidence_Release_7-evidence-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const hash = res.headers.get("x-evidence-sha256")!;
    expect((await w.viewer.api.get(`${w.path}/evidence.json`)).body.sha256).toBe(hash);

    const pages = await pdfPages(bytes);
    const text = pages.join("\n");
    expect(text).toContain("Evidence pack: Evidence Release 7");
    expect(text).toContain("Verdict: NO GO");
    expect(text).toContain("BLOCKING_FAILURES");
    expect(text).toContain("Pass rate at least 95%");
    expect(text).toContain("Refunds are handled by the back office this release");
    expect(text).toMatch(/REJECTED by Vera Viewer <user-[0-9a-f]+@example\.test> at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(text).toContain("Reviewed the failures with the team");
    expect(text).toContain("Card declined at 3-D Secure");
    expect(text).toContain("defect JIRA PAY-42");
    expect(text).toContain("1m 1s");
    expect(text).toMatch(/Ran by: Tess Tester <[^>]+> \(3 results\)/);
    expect(text).toContain("waiver.create");
    expect(text).toContain("milestone.signoff");
    expect(text).toContain("[NOT MET] NOT_SIGNED_OFF");
    expect(text).toContain("2 requirements in scope: 0 OK, 1 NOK, 0 not run, 1 uncovered.");
    expect(text).toContain("SHOP-12 Card payments: NOK (Staging NOK)");
    expect(text).toContain("SHOP-13 Gift cards: UNCOVERED");
    for (const page of pages) expect(page).toContain(`Manifest SHA-256 ${hash}`);
  });

  it("is readable by whoever reads the summary; unknown or invisible milestones are 404", async () => {
    const w = await releaseWithEvidence();
    const outsider = await createUser();
    expect((await outsider.api.get(`${w.path}/evidence.json`)).status).toBe(404);
    expect((await downloadPdf(outsider.key, w.project.id, w.milestone.id)).res.status).toBe(404);
    const missing = await w.viewer.api.get(`${w.base}/milestones/00000000-0000-4000-8000-000000000000/evidence.json`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
    expect((await downloadPdf(w.viewer.key, w.project.id, "00000000-0000-4000-8000-000000000000")).res.status).toBe(404);
    expect((await call("GET", `${w.path}/evidence.json`)).status).toBe(401);
  });

  it("shows the completion override, phases' runs, and keeps text the standard fonts cannot draw out of the PDF but in the manifest", async () => {
    const w = await summaryWorld();
    const staging = await w.env("Staging");
    const release = await w.milestone({ name: "Release 8 – Größe ✓ 日本", dueDate: "2030-07-01" });
    const phase = await w.milestone({ name: "Phase A", parentId: release.id });
    const k = await w.testCase("Checkout", "HIGH");
    await w.run({ milestoneId: phase.id, environmentId: staging.id, status: "COMPLETED", entries: [{ caseId: k.id, status: "FAILED" }] });
    const path = `${w.base}/milestones/${release.id}`;
    expect((await w.owner.api.post(`${path}/complete`, { override: { reason: "Hotfix: ship with the known HIGH failure" } })).status).toBe(200);

    const json = await w.owner.api.get(`${path}/evidence.json`);
    const m = json.body.manifest;
    expect(m.milestone).toMatchObject({ name: "Release 8 – Größe ✓ 日本", status: "COMPLETED", phases: [{ id: phase.id, name: "Phase A" }] });
    expect(m.runs[0].milestone).toEqual({ id: phase.id, name: "Phase A" });
    expect(m.entries).toHaveLength(1);
    expect(m.entries[0]).toMatchObject({ status: "FAILED", executedBy: null, durationMs: null, comment: null, defect: null });
    expect(m.checklist.completion).toMatchObject({ completedBy: { id: w.owner.user.id }, overrides: expect.arrayContaining([{ code: "BLOCKING_FAILURES", reason: "Hotfix: ship with the known HIGH failure" }]) });
    expect(m.audit.map((a: { action: string }) => a.action)).toContain("milestone.complete_override");

    const { res, bytes } = await downloadPdf(w.owner.key, w.project.id, release.id);
    expect(res.status).toBe(200);
    const text = (await pdfPages(bytes)).join("\n");
    expect(text).toContain("Evidence pack: Release 8 – Größe v ??");
    expect(text).toContain("Overridden BLOCKING_FAILURES: Hotfix: ship with the known HIGH failure");
    expect(text).toContain("phase Phase A");
    expect(text).toContain("milestone.complete_override");
  });

  it("a cancelled download stops drawing and closes the spool", async () => {
    const w = await releaseWithEvidence();
    const actor = (await actorFromUserId(getDb(), w.viewer.user.id))!;
    const viewerCtx = await withProject({ db: getDb(), actor, requestId: "test" }, w.project.id);
    const evidence = await readEvidence(viewerCtx, w.milestone.id);
    const reader = evidencePdf(evidence).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 50));
    await expect(evidence.spool.sha256()).rejects.toThrow();
  });

  it("5,000 entries: read, hashed and rendered in a few seconds with bounded memory; the spool is gone afterwards", async () => {
    const w = await summaryWorld();
    const staging = await w.env("Staging");
    const ms = await w.milestone({ name: "Big release", dueDate: "2030-07-01" });
    const db = getDb();
    const p = w.project.id;
    await db.execute(sql`update projects set case_seq = 5000 where id = ${p}`);
    await db.execute(sql`
      insert into test_cases (project_id, seq, title, priority)
      select ${p}, g, 'Generated case number ' || g || ' with a realistic, somewhat long title', (array['CRITICAL','HIGH','MEDIUM','LOW'])[1 + g % 4]
      from generate_series(1, 5000) g`);
    const [{ id: rid }] = rowsOf<{ id: string }>(
      await db.execute(sql`
        insert into test_runs (project_id, milestone_id, environment_id, name, status, total, passed, failed)
        values (${p}, ${ms.id}, ${staging.id}, 'Nightly', 'COMPLETED', 5000, 4900, 100) returning id`),
    );
    await db.execute(sql`
      insert into run_entries (project_id, run_id, case_id, status, position, last_result_at)
      select ${p}, ${rid}, c.id, case when c.seq % 50 = 0 then 'FAILED' else 'PASSED' end, c.seq, now()
      from test_cases c where c.project_id = ${p}`);
    await db.execute(sql`
      insert into results (project_id, run_id, entry_id, status, duration_ms, comment, executed_by_id, idempotency_key)
      select e.project_id, e.run_id, e.id, e.status, 1000 + e.position, case when e.status = 'FAILED' then 'Timed out waiting for the payment page' end, ${w.owner.user.id}, 'big-' || e.id
      from run_entries e where e.run_id = ${rid}`);

    let peak = process.memoryUsage().rss;
    const base = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const evidence = await readEvidence(w.ctx, ms.id);
    const readMs = performance.now() - started;
    const reader = evidencePdf(evidence).getReader();
    let size = 0;
    let firstByteMs = 0;
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!size) firstByteMs = performance.now() - started;
      size += value.length;
      chunks.push(value);
    }
    const totalMs = performance.now() - started;
    clearInterval(sampler);
    console.log(
      `evidence 5,000 entries: manifest read+hash ${readMs.toFixed(0)} ms, first PDF byte ${firstByteMs.toFixed(0)} ms, PDF done ${totalMs.toFixed(0)} ms, ${(size / 1024).toFixed(0)} KB, peak RSS +${((peak - base) / 1048576).toFixed(0)} MB`,
    );
    expect(evidence.spool.count("entries")).toBe(5000);
    expect(size).toBeGreaterThan(100_000);
    expect(totalMs).toBeLessThan(20_000);
    const pages = await pdfPages(new Uint8Array(Buffer.concat(chunks)));
    expect(pages.length).toBeGreaterThan(50);
    for (const page of pages) expect(page).toContain(`Manifest SHA-256 ${evidence.sha256}`);
    expect(pages.join("\n")).toContain(`${w.project.key}-5000 Generated case number 5000 with a realistic, somewhat long title [CRITICAL]`);
    // The spool is closed when the PDF is done: reading it again fails.
    expect(evidence.spool.isClosed).toBe(true);
    await expect(evidence.spool.sha256()).rejects.toThrow();

    // A reader that stops reading holds the drawing back: the spool stays open until it reads on.
    const slow = await readEvidence(w.ctx, ms.id);
    expect(slow.sha256).toBe(evidence.sha256);
    const paused = evidencePdf(slow, { highWaterMark: 16 * 1024 }).getReader();
    expect((await paused.read()).done).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(slow.spool.isClosed).toBe(false);
    let rest = 0;
    for (let next = await paused.read(); !next.done; next = await paused.read()) rest += next.value.length;
    expect(rest).toBeGreaterThan(100_000);
    expect(slow.spool.isClosed).toBe(true);
  }, 60_000);
});
