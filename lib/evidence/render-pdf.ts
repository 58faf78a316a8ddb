import type { OpenFailure, SignoffView, SummaryRules, WaivedFailure, Waiver } from "@/lib/milestones/summary-schemas";
import { ensure, gap, heading, line, streamPdf, subheading, type Pdf, type Room } from "./pdf-document";
import { pdfChanges, pdfDate, pdfDuration, pdfTime } from "./pdf-text";
import type { Evidence } from "./read-evidence";
import type { EvidenceAuditEntry, EvidenceChecklist, EvidenceCoverage, EvidenceEntry, EvidenceRun, EvidenceVerdict } from "./schemas";

/** Items drawn between two waits for the reader. */
const BATCH = 200;

const who = (p: { name: string; email: string } | null | undefined) => (p ? `${p.name || p.email}${p.name && p.email ? ` <${p.email}>` : ""}` : "–");
const verdictText = (v: string) => (v === "GO" ? "GO" : "NO GO");

/**
 * The evidence pack as a PDF, drawn from the manifest in the spool in the issue's order: the
 * milestone, dates and rules; the verdict and reasons; runs by environment; every entry's latest
 * result; open failures, waivers and sign-offs; the completion checklist and override; the audit
 * trail. Every page's footer carries the generation time and the manifest's SHA-256.
 */
export function evidencePdf(evidence: Evidence, opts: { highWaterMark?: number } = {}): ReadableStream<Uint8Array> {
  return streamPdf({
    ...opts,
    title: `Evidence pack: ${evidence.milestone.name}`,
    footer: [
      `QA Studio evidence pack · ${evidence.project.key} · ${evidence.milestone.name.slice(0, 60)} · Generated ${evidence.generatedAt}`,
      `Manifest SHA-256 ${evidence.sha256}`,
    ],
    draw: (doc, room) => draw(doc, room, evidence),
    onDone: () => evidence.spool.close(),
  });
}

async function draw(doc: Pdf, room: Room, e: Evidence) {
  const { spool, milestone: m } = e;
  const rules = spool.get<SummaryRules>("rules");
  const verdict = spool.get<EvidenceVerdict>("verdict");

  line(doc, `Evidence pack: ${m.name}`, { bold: true, size: 18 });
  line(doc, `${e.project.name} (${e.project.key}) · generated ${pdfTime(e.generatedAt)}`, { muted: true });
  line(doc, `SHA-256 of the manifest (evidence.json, canonical form): ${e.sha256}`, { muted: true, size: 8 });

  heading(doc, "Milestone");
  line(doc, `Name: ${m.name} · Status: ${m.status}`);
  line(doc, `Due: ${pdfDate(m.dueDate)} · Created: ${pdfTime(m.createdAt)}`);
  if (m.parent) line(doc, `Phase of: ${m.parent.name}`);
  if (m.phases.length) line(doc, `Phases (their runs count here): ${m.phases.map((p) => `${p.name} (${p.status}, due ${pdfDate(p.dueDate)})`).join("; ")}`);
  if (m.description) line(doc, m.description, { muted: true, keepBreaks: true });
  subheading(doc, "Rules in force");
  line(doc, `Pass rate at least ${rules.passRateThreshold}%; open failures of priority ${rules.blockingPriorities.join(", ") || "(none)"} block; warning window ${rules.warningWindowDays} days; ${rules.requireCoverage ? "in-scope requirements that are NOK or UNCOVERED block" : "requirements coverage does not block"}.`);

  heading(doc, "Verdict at generation");
  doc.font("Helvetica-Bold").fontSize(16).fillColor(verdict.verdict === "GO" ? "#047857" : "#be123c").text(`Verdict: ${verdictText(verdict.verdict)}`);
  doc.fillColor("#0f172a");
  if (!verdict.reasons.length) line(doc, "No reason holds the release back.");
  for (const r of verdict.reasons) line(doc, `${r.code}: ${r.message}`, { indent: 8 });
  const c = verdict.counts;
  line(doc, `Pass rate ${verdict.passRate == null ? "– (nothing executed)" : `${verdict.passRate.toFixed(1)}%`} · progress ${verdict.progress.toFixed(1)}% · ${c.total} entries: ${c.passed} passed, ${c.failed} failed, ${c.blocked} blocked, ${c.skipped} skipped, ${c.retest} retest, ${c.untested} untested, ${c.flaky} flaky`);
  line(doc, `Runs: ${verdict.runs.total} (${verdict.runs.completed} completed, ${verdict.runs.inProgress} in progress, ${verdict.runs.planned} planned, ${verdict.runs.aborted} aborted)`);
  for (const env of verdict.environments) {
    line(doc, `${env.environment.name}: ${verdictText(env.verdict)} · pass rate ${env.passRate == null ? "–" : `${env.passRate.toFixed(1)}%`} · ${env.counts.total} entries`, { indent: 8 });
  }

  await drawRuns(doc, room, e);
  await drawEntries(doc, room, e);
  await drawFailures(doc, room, e);
  await drawSignoffs(doc, room, e);
  drawChecklist(doc, spool.get<EvidenceChecklist>("checklist"));
  drawCoverage(doc, spool.get<EvidenceCoverage>("coverage"));
  await drawAudit(doc, room, e);
}

async function drawRuns(doc: Pdf, room: Room, { spool }: Evidence) {
  heading(doc, `Runs by environment (${spool.count("runs")})`);
  if (!spool.count("runs")) line(doc, "No runs.", { muted: true });
  let env: string | null = null;
  let n = 0;
  for await (const r of spool.items<EvidenceRun>("runs")) {
    if (r.environment.id !== env) {
      env = r.environment.id;
      subheading(doc, r.environment.name);
    }
    ensure(doc, 40);
    line(doc, `${r.name} · ${r.kind} · ${r.status}${r.completionReason ? ` (${r.completionReason})` : ""}${r.milestone.id !== spool.get<{ id: string }>("milestone").id ? ` · phase ${r.milestone.name}` : ""}`, { bold: true });
    line(doc, `Created ${pdfTime(r.createdAt)} by ${who(r.createdBy)}${r.assignee ? ` · assigned to ${who(r.assignee)}` : ""}${r.ciBuildId ? ` · CI build ${r.ciBuildId}` : ""}`, { indent: 8 });
    line(doc, `Started ${pdfTime(r.startedAt)} · completed ${pdfTime(r.completedAt)} · results from ${pdfTime(r.firstResultAt)} to ${pdfTime(r.lastResultAt)}`, { indent: 8 });
    line(doc, `Ran by: ${r.executors.length ? r.executors.map((x) => `${who(x)} (${x.results} result${x.results === 1 ? "" : "s"})`).join(", ") : "nobody recorded yet"}`, { indent: 8 });
    line(doc, `${r.counts.total} entries: ${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.blocked} blocked, ${r.counts.skipped} skipped, ${r.counts.retest} retest, ${r.counts.untested} untested`, { indent: 8, muted: true });
    if (++n % BATCH === 0) await room();
  }
}

async function drawEntries(doc: Pdf, room: Room, { spool }: Evidence) {
  heading(doc, `Entries and their latest results (${spool.count("entries")})`);
  line(doc, "Entries of the runs that count (aborted runs excluded), by run and position. Status · executed by · duration · when · defect.", { muted: true });
  const runNames = new Map<string, string>();
  for await (const r of spool.items<EvidenceRun>("runs")) runNames.set(r.id, `${r.name} · ${r.environment.name}`);
  let run: string | null = null;
  let n = 0;
  for await (const x of spool.items<EvidenceEntry>("entries")) {
    if (x.runId !== run) {
      run = x.runId;
      subheading(doc, runNames.get(x.runId) ?? x.runId);
    }
    line(doc, `${x.caseKey} ${x.title} [${x.priority}]`, { bold: true, size: 8 });
    line(
      doc,
      `${x.status}${x.flaky ? " (flaky)" : ""} · ${x.executedBy ? who(x.executedBy) : "no executor recorded"} · ${pdfDuration(x.durationMs)} · ${pdfTime(x.executedAt)}${x.attempts > 1 ? ` · ${x.attempts} attempts` : ""}${x.defect ? ` · defect ${x.defect.tracker} ${x.defect.key}` : ""}`,
      { indent: 10, size: 8 },
    );
    if (x.comment) line(doc, `Comment: ${x.comment}`, { indent: 10, size: 8, muted: true });
    if (++n % BATCH === 0) await room();
  }
}

async function drawFailures(doc: Pdf, room: Room, { spool }: Evidence) {
  heading(doc, `Open failures (${spool.count("openFailures")})`);
  if (!spool.count("openFailures")) line(doc, "None.", { muted: true });
  let n = 0;
  for await (const f of spool.items<OpenFailure>("openFailures")) {
    line(doc, `${f.caseKey} ${f.title} [${f.priority}] · ${f.status} in ${f.environment.name} since ${pdfTime(f.since)}`, { bold: true });
    line(doc, `Defect: ${f.defect ? `${f.defect.tracker} ${f.defect.key}${f.defect.status ? ` (${f.defect.status})` : ""}` : "none"}${f.waiver ? ` · waiver expired ${pdfTime(f.waiver.expiresAt)}: ${f.waiver.reason}` : ""}`, { indent: 8 });
    if (f.comment) line(doc, `Comment: ${f.comment}`, { indent: 8, muted: true });
    if (++n % BATCH === 0) await room();
  }

  heading(doc, `Waivers (${spool.count("waivers")})`);
  if (!spool.count("waivers")) line(doc, "No waiver was granted.", { muted: true });
  for await (const w of spool.items<Waiver>("waivers")) {
    const state = w.revokedAt ? `revoked ${pdfTime(w.revokedAt)}` : w.active ? "active" : "expired";
    line(doc, `${w.caseKey} ${w.title} · ${w.environment?.name ?? "all environments"} · ${state}`, { bold: true });
    line(doc, `Reason: ${w.reason}`, { indent: 8 });
    line(doc, `Waived by ${w.createdBy?.name || "a deleted user"} at ${pdfTime(w.createdAt)} · expires ${w.expiresAt ? pdfTime(w.expiresAt) : "never"}`, { indent: 8, muted: true });
    if (++n % BATCH === 0) await room();
  }
  if (spool.count("waivedFailures")) {
    subheading(doc, `Failures accepted by an active waiver (${spool.count("waivedFailures")})`);
    for await (const f of spool.items<WaivedFailure>("waivedFailures")) {
      line(doc, `${f.caseKey} ${f.title} [${f.priority}] · ${f.status} in ${f.environment.name} · ${f.reason} (by ${f.waivedBy?.name ?? "a deleted user"}, ${pdfTime(f.waivedAt)})`, { indent: 8 });
      if (++n % BATCH === 0) await room();
    }
  }
}

async function drawSignoffs(doc: Pdf, room: Room, { spool }: Evidence) {
  heading(doc, `Sign-offs (${spool.count("signoffs")})`);
  if (!spool.count("signoffs")) line(doc, "Nobody has signed off.", { muted: true });
  let n = 0;
  for await (const s of spool.items<SignoffView>("signoffs")) {
    line(doc, `${s.decision} by ${who(s.user)} at ${pdfTime(s.createdAt)}${s.verdictAtSignoff ? ` · verdict then: ${verdictText(s.verdictAtSignoff)}` : ""}${s.stale ? " · stale (changes since)" : ""}`, { bold: true });
    if (s.comment) line(doc, `Comment: ${s.comment}`, { indent: 8, muted: true });
    if (++n % BATCH === 0) await room();
  }
}

function drawChecklist(doc: Pdf, checklist: EvidenceChecklist) {
  heading(doc, "Completion checklist");
  for (const item of checklist.items) line(doc, `[${item.met ? "met" : "NOT MET"}] ${item.code}: ${item.message}`);
  const done = checklist.completion;
  gap(doc);
  if (!done) line(doc, "The milestone has not been completed.", { muted: true });
  else {
    line(doc, `Completed ${pdfTime(done.completedAt)}${done.completedBy ? ` by ${done.completedBy.name ?? done.completedBy.id}` : ""}${done.overrides.length ? " with an override" : " with every checklist item met"}.`, { bold: true });
    for (const o of done.overrides) line(doc, `Overridden ${o.code}: ${o.reason}`, { indent: 8 });
  }
}

function drawCoverage(doc: Pdf, coverage: EvidenceCoverage) {
  const t = coverage.totals;
  heading(doc, "Requirements coverage");
  if (!t.inScope) {
    line(doc, "No requirement is in the scope of this milestone or its phases.", { muted: true });
    return;
  }
  line(doc, `${t.inScope} requirements in scope: ${t.ok} OK, ${t.nok} NOK, ${t.notRun} not run, ${t.uncovered} uncovered.`);
  for (const r of coverage.requirements) {
    ensure(doc, 30);
    const envs = r.environments.map((x) => `${x.environment.name} ${x.status}`).join(" · ");
    line(doc, `${r.key} ${r.title}: ${r.status}${envs ? ` (${envs})` : ""}`, { bold: true });
    if (!r.cases.length) line(doc, "No linked case.", { indent: 8, muted: true });
    for (const c of r.cases) {
      const attempts = c.attempts.map((a) => `${a.environment.name} ${a.status}${a.waived ? " waived" : ""}`).join(", ");
      line(doc, `${c.caseKey} ${c.title}: ${c.status}${attempts ? ` (${attempts})` : " (no entry in this milestone)"}`, { indent: 8 });
    }
  }
}

async function drawAudit(doc: Pdf, room: Room, { spool }: Evidence) {
  heading(doc, `Audit trail (${spool.count("audit")})`);
  if (!spool.count("audit")) line(doc, "Nothing recorded.", { muted: true });
  let n = 0;
  for await (const a of spool.items<EvidenceAuditEntry>("audit")) {
    const by = a.actor ? who(a.actor) : "system";
    line(doc, `${pdfTime(a.at)} · ${a.action} · ${by}${a.apiKey ? ` (API key ${a.apiKey.name} ${a.apiKey.prefix})` : ""}${a.entityName ? ` · ${a.entityName}` : ""}`, { size: 8, bold: true });
    const changes = pdfChanges(a.before, a.after);
    if (changes) line(doc, changes, { indent: 10, size: 8, muted: true });
    if (++n % BATCH === 0) await room();
  }
}
