import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { milestoneSummary } from "@/lib/milestones/summary";
import type { MilestoneSummary } from "@/lib/milestones/summary-schemas";
import { alertMessage, daysLeftText, section, escape, runUrl, type MessageLinks } from "@/lib/slack/blocks";
import { rowsOf } from "@/lib/sql";
import { expiredQuarantines, quarantineExpiredKey, quarantineExpiredMessage } from "@/lib/quarantine/expiry-alerts";
import { existingKeys, writeAlert, type Alert } from "./outbox";
import { toSettings, type NotifySettings } from "./settings";
import { systemCtx } from "./system-ctx";
import { logger } from "@/lib/observability/logger";

/**
 * The periodic scan: finds what is due from the database alone (so a scan after downtime catches
 * up, and any instance may run it), and writes each alert to the outbox under its dedupe key.
 * Delivery is a separate job. `now` is injectable so tests drive the clock.
 */
export type ScanOptions = { db: Db; now?: Date; publicUrl?: string };
export type ScanResult = { created: { id: string; status: string; dedupeKey: string }[] };

const DAY_MS = 86_400_000;
/** Runs that completed (or critical failures recorded) this long ago still alert after downtime. */
export const RUN_LOOKBACK_DAYS = 7;

type ProjectRow = {
  id: string;
  key: string;
  name: string;
  channel: string | null;
  events: unknown;
  due_thresholds_days: number[] | null;
  updated_at: Date | null;
};

export async function scanNotifications(opts: ScanOptions): Promise<ScanResult> {
  const now = opts.now ?? new Date();
  const publicUrl = opts.publicUrl ?? defaultPublicUrl();
  const projects = rowsOf<ProjectRow>(
    await opts.db.execute(sql`
      select p.id, p.key, p.name, s.channel, s.events, s.due_thresholds_days, s.updated_at
      from projects p left join slack_settings s on s.project_id = p.id
      order by p.key`),
  );
  const created: ScanResult["created"] = [];
  for (const p of projects) {
    const scan = new ProjectScan(opts.db, p, toSettings(p), now, { publicUrl, projectId: p.id, projectKey: p.key });
    try {
      created.push(...(await scan.run()));
    } catch (err) {
      // One project's failure (a milestone deleted mid-scan) must not hold back the others' alerts.
      logger().error({ err, project: p.key }, "notify: scan of a project failed");
      created.push(...scan.written);
    }
  }
  return { created };
}

export function defaultPublicUrl(): string {
  return process.env.QA_STUDIO_PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`;
}

const utcDay = (ms: number) => Math.floor(ms / DAY_MS);

class ProjectScan {
  private readonly summaries = new Map<string, Promise<MilestoneSummary>>();
  private readonly created: ScanResult["created"] = [];
  get written() {
    return this.created;
  }

  constructor(
    private readonly db: Db,
    private readonly project: ProjectRow,
    private readonly settings: NotifySettings,
    private readonly now: Date,
    private readonly links: MessageLinks,
  ) {}

  async run(): Promise<ScanResult["created"]> {
    await this.dueDates();
    await this.verdicts();
    await this.completedRuns();
    await this.criticalFailures();
    await this.expiredQuarantines();
    return this.created;
  }

  /** The summary the milestone page shows, computed once per scan. */
  private summary(milestoneId: string): Promise<MilestoneSummary> {
    let s = this.summaries.get(milestoneId);
    if (!s) {
      s = milestoneSummary(systemCtx(this.db, this.project), milestoneId, { now: this.now, includeChildren: false });
      this.summaries.set(milestoneId, s);
    }
    return s;
  }

  private async write(alert: Omit<Alert, "projectId" | "channel">): Promise<void> {
    const row = await writeAlert(this.db, { ...alert, projectId: this.project.id, channel: this.settings.channel });
    if (row) this.created.push({ ...row, dedupeKey: alert.dedupeKey });
  }

  private milestonePath(milestoneId: string) {
    return `/projects/${this.project.id}/milestones/${milestoneId}`;
  }

  /**
   * Reminders at each threshold, keyed by the due date so that moving it re-arms them. When a
   * scan finds several thresholds crossed (the instance was down, or the milestone was created
   * late) it sends the tightest one and records the looser ones as superseded: one catch-up
   * message with today's numbers instead of three stale ones.
   */
  private async dueDates(): Promise<void> {
    const { events, dueThresholdsDays } = this.settings;
    if (!events.milestoneDue && !events.overdue) return;
    const horizon = new Date(this.now.getTime() + (Math.max(0, ...dueThresholdsDays) + 1) * DAY_MS);
    const rows = rowsOf<{ id: string; name: string; due_ms: number }>(
      await this.db.execute(sql`
        select id, name, (extract(epoch from due_date) * 1000)::float8 as due_ms
        from milestones
        where project_id = ${this.project.id} and status = 'ACTIVE' and due_date is not null and due_date <= ${horizon.toISOString()}::timestamptz
        order by due_date`),
    );
    const nowMs = this.now.getTime();
    for (const m of rows) {
      const due = Number(m.due_ms);
      const dueIso = new Date(due).toISOString();
      const base = `milestone:${m.id}`;
      if (nowMs > due) {
        if (!events.overdue) continue;
        const key = `${base}:overdue:${dueIso}`;
        if ((await existingKeys(this.db, [key])).size) continue;
        const s = await this.summary(m.id);
        await this.write({
          kind: "MILESTONE_OVERDUE",
          dedupeKey: key,
          title: `${m.name} is overdue (was due ${dueIso.slice(0, 10)})`,
          path: this.milestonePath(m.id),
          milestoneId: m.id,
          message: alertMessage(`:rotating_light: ${m.name} is overdue`, s, this.links),
        });
        continue;
      }
      if (!events.milestoneDue) continue;
      const daysLeft = utcDay(due) - utcDay(nowMs);
      const crossed = dueThresholdsDays.filter((t) => daysLeft <= t).sort((a, b) => a - b);
      if (!crossed.length) continue;
      const keys = crossed.map((t) => `${base}:due:${t}:${dueIso}`);
      const have = await existingKeys(this.db, keys);
      if (have.has(keys[0])) continue;
      const s = await this.summary(m.id);
      const when = daysLeftText(daysLeft);
      await this.write({
        kind: "MILESTONE_DUE",
        dedupeKey: keys[0],
        title: `${m.name} is ${daysLeft === 0 ? "due today" : `due in ${when}`}`,
        path: this.milestonePath(m.id),
        milestoneId: m.id,
        message: alertMessage(`:alarm_clock: ${m.name} is ${daysLeft === 0 ? "due today" : `due in ${when}`}`, s, this.links),
      });
      for (const [i, key] of keys.entries()) {
        if (i === 0 || have.has(key)) continue;
        await this.write({
          kind: "MILESTONE_DUE",
          dedupeKey: key,
          title: `${m.name}: the ${crossed[i]}-day reminder was replaced by the ${crossed[0]}-day one`,
          path: this.milestonePath(m.id),
          milestoneId: m.id,
          message: { text: "", blocks: [] },
          superseded: true,
        });
      }
    }
  }

  /**
   * Compares each active milestone's verdict with the last one seen. The first sighting only
   * records it; a change advances the stored verdict with a compare-and-set, so of two scanners
   * only one writes the alert (whose key carries the change number).
   */
  private async verdicts(): Promise<void> {
    const rows = rowsOf<{ id: string; name: string; verdict: string | null }>(
      await this.db.execute(sql`
        select m.id, m.name, v.verdict
        from milestones m left join milestone_verdict_state v on v.milestone_id = m.id
        where m.project_id = ${this.project.id} and m.status = 'ACTIVE'`),
    );
    for (const m of rows) {
      const s = await this.summary(m.id);
      if (m.verdict === null) {
        await this.db.execute(sql`
          insert into milestone_verdict_state (milestone_id, project_id, verdict)
          values (${m.id}, ${this.project.id}, ${s.verdict}) on conflict (milestone_id) do nothing`);
        continue;
      }
      if (m.verdict === s.verdict) continue;
      await this.db.transaction(async (tx) => {
        const [changed] = rowsOf<{ changes: number }>(
          await tx.execute(sql`
            update milestone_verdict_state set verdict = ${s.verdict}, changes = changes + 1, updated_at = now()
            where milestone_id = ${m.id} and verdict = ${m.verdict}
            returning changes`),
        );
        if (!changed || !this.settings.events.verdictChanged) return;
        const to = s.verdict === "GO" ? "GO" : "NO GO";
        const from = m.verdict === "GO" ? "GO" : "NO GO";
        const row = await writeAlert(tx, {
          projectId: this.project.id,
          channel: this.settings.channel,
          kind: "VERDICT_CHANGED",
          dedupeKey: `milestone:${m.id}:verdict:${changed.changes}`,
          title: `${m.name} is now ${to} (was ${from})`,
          path: this.milestonePath(m.id),
          milestoneId: m.id,
          message: alertMessage(`${s.verdict === "GO" ? ":large_green_circle:" : ":red_circle:"} ${m.name} is now ${to} (was ${from})`, s, this.links),
        });
        if (row) this.created.push({ ...row, dedupeKey: `milestone:${m.id}:verdict:${changed.changes}` });
      });
    }
  }

  /** Runs completed since the lookback: RUN_FAILED when any entry failed, RUN_COMPLETED otherwise. */
  private async completedRuns(): Promise<void> {
    const { runFailed, runCompleted } = this.settings.events;
    if (!runFailed && !runCompleted) return;
    const since = new Date(this.now.getTime() - RUN_LOOKBACK_DAYS * DAY_MS);
    const runs = rowsOf<RunRow>(
      await this.db.execute(sql`
        select r.id, r.name, r.milestone_id, e.name as environment_name, r.total, r.passed, r.failed, r.blocked, r.skipped, r.untested, r.retest
        from test_runs r join environments e on e.id = r.environment_id
        where r.project_id = ${this.project.id} and r.status = 'COMPLETED' and r.completed_at >= ${since.toISOString()}::timestamptz and r.completed_at <= ${this.now.toISOString()}::timestamptz
          and not exists (select 1 from notifications n where n.dedupe_key = 'run:' || r.id || ':completed')
        order by r.completed_at`),
    );
    for (const r of runs) {
      const failed = Number(r.failed) > 0;
      if (failed ? !runFailed && !runCompleted : !runCompleted) continue;
      const kind = failed && runFailed ? "RUN_FAILED" : "RUN_COMPLETED";
      const counts = `${r.passed} passed, ${r.failed} failed, ${r.blocked} blocked, ${r.skipped} skipped of ${r.total}`;
      const headline = kind === "RUN_FAILED" ? `:x: Run failed: ${r.name} (${r.environment_name})` : `:white_check_mark: Run completed: ${r.name} (${r.environment_name})`;
      const s = await this.summary(r.milestone_id);
      await this.write({
        kind,
        dedupeKey: `run:${r.id}:completed`,
        title: `${kind === "RUN_FAILED" ? "Run failed" : "Run completed"}: ${r.name} (${r.environment_name}) — ${counts}`,
        path: `/projects/${this.project.id}/runs/${r.id}`,
        milestoneId: r.milestone_id,
        runId: r.id,
        message: alertMessage(headline, s, this.links, [section(`*Run* <${runUrl(this.links, r.id)}|${escape(r.name)}>: ${counts}`)]),
      });
    }
  }

  /** A CRITICAL case failing in a run that is still going: once per entry of that run. */
  private async criticalFailures(): Promise<void> {
    if (!this.settings.events.runFailed) return;
    const since = new Date(this.now.getTime() - RUN_LOOKBACK_DAYS * DAY_MS);
    const rows = rowsOf<{ entry_id: string; run_id: string; run_name: string; milestone_id: string; seq: number; title: string; environment_name: string }>(
      await this.db.execute(sql`
        select en.id as entry_id, r.id as run_id, r.name as run_name, r.milestone_id, c.seq, c.title, e.name as environment_name
        from run_entries en
        join test_runs r on r.id = en.run_id
        join test_cases c on c.id = en.case_id
        join environments e on e.id = r.environment_id
        where en.project_id = ${this.project.id} and en.status = 'FAILED' and c.priority = 'CRITICAL'
          and r.status in ('PLANNED', 'IN_PROGRESS') and en.last_result_at >= ${since.toISOString()}::timestamptz and en.last_result_at <= ${this.now.toISOString()}::timestamptz
          and not exists (select 1 from notifications n where n.dedupe_key = 'run:' || r.id || ':critical:' || en.id)
        order by en.last_result_at
        limit 50`),
    );
    for (const f of rows) {
      const caseKey = `${this.project.key}-${f.seq}`;
      const s = await this.summary(f.milestone_id);
      await this.write({
        kind: "RUN_FAILED",
        dedupeKey: `run:${f.run_id}:critical:${f.entry_id}`,
        title: `Critical case ${caseKey} failed in ${f.run_name} (${f.environment_name})`,
        path: `/projects/${this.project.id}/runs/${f.run_id}`,
        milestoneId: f.milestone_id,
        runId: f.run_id,
        message: alertMessage(`:x: Critical case ${caseKey} failed in ${f.run_name}`, s, this.links, [
          section(`\`${caseKey}\` ${escape(f.title)} failed in <${runUrl(this.links, f.run_id)}|${escape(f.run_name)}> (${escape(f.environment_name)})`),
        ]),
      });
    }
  }

  /** A quarantine that expired without being lifted: once per quarantine. */
  private async expiredQuarantines(): Promise<void> {
    if (!this.settings.events.quarantineExpired) return;
    for (const q of await expiredQuarantines(this.db, this.project.id, this.now)) {
      const { title, path, message } = quarantineExpiredMessage(q, this.links);
      await this.write({ kind: "QUARANTINE_EXPIRED", dedupeKey: quarantineExpiredKey(q.id), title, path, message });
    }
  }
}

type RunRow = {
  id: string;
  name: string;
  milestone_id: string;
  environment_name: string;
  total: number;
  passed: number;
  failed: number;
  blocked: number;
  skipped: number;
  untested: number;
  retest: number;
};
