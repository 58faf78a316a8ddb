import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { actorFromUserId } from "@/lib/auth/actor";
import { withProject } from "@/lib/auth/project-access";
import type { ProjectCtx } from "@/lib/context";
import { rowsOf } from "@/lib/sql";
import { createProjectWithOwner } from "./factories";

/**
 * Fixtures for milestone summaries written straight into the tables, with the timestamps a test
 * needs (results posted through the API would all carry the wall clock). Counters are computed
 * from the entries exactly as ingestion keeps them, and every executed or re-tested entry gets
 * one result at its time.
 */
type Status = "PASSED" | "FAILED" | "BLOCKED" | "SKIPPED" | "RETEST" | "UNTESTED";
type Priority = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";

const one = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await getDb().execute(q))[0];

export async function summaryWorld() {
  const { owner, project } = await createProjectWithOwner();
  const projectId = project.id;
  const base = `/api/projects/${project.id}`;
  const actor = (await actorFromUserId(getDb(), owner.user.id))!;
  const ctx: ProjectCtx = await withProject({ db: getDb(), actor, requestId: "test" }, projectId);

  const env = async (name: string) => (await owner.api.post(`${base}/environments`, { name })).body as { id: string; name: string };
  const milestone = async (body: { name: string; dueDate?: string; parentId?: string }) => {
    const res = await owner.api.post(`${base}/milestones`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; name: string };
  };
  const testCase = async (title: string, priority: Priority = "MEDIUM") => {
    const { seq } = (await one<{ seq: number }>(sql`update projects set case_seq = case_seq + 1 where id = ${projectId} returning case_seq as seq`))!;
    const row = (await one<{ id: string }>(sql`
      insert into test_cases (project_id, seq, title, priority) values (${projectId}, ${seq}, ${title}, ${priority}) returning id`))!;
    return { id: row.id, key: `${project.key}-${seq}`, title, priority };
  };
  /** A run with one entry per case, each entry's status set by its (only) result at `at`. */
  const run = async (r: {
    milestoneId: string;
    environmentId: string;
    status: "PLANNED" | "IN_PROGRESS" | "COMPLETED" | "ABORTED";
    entries: { caseId: string; status: Status; at?: Date; flaky?: boolean }[];
    build?: string;
    startedAt?: Date;
  }) => {
    const c = { total: 0, PASSED: 0, FAILED: 0, BLOCKED: 0, SKIPPED: 0, RETEST: 0, UNTESTED: 0, flaky: 0 };
    for (const e of r.entries) {
      c.total++;
      c[e.status]++;
      if (e.flaky) c.flaky++;
    }
    const row = (await one<{ id: string }>(sql`
      insert into test_runs (project_id, milestone_id, environment_id, name, status, total, passed, failed, blocked, skipped, retest, untested, flaky,
        build, started_at)
      values (${projectId}, ${r.milestoneId}, ${r.environmentId}, ${"Run"}, ${r.status}, ${c.total}, ${c.PASSED}, ${c.FAILED}, ${c.BLOCKED},
              ${c.SKIPPED}, ${c.RETEST}, ${c.UNTESTED}, ${c.flaky}, ${r.build ?? null}, ${r.startedAt?.toISOString() ?? null}::timestamptz)
      returning id`))!;
    for (const [i, e] of r.entries.entries()) {
      const at = e.status === "UNTESTED" ? null : (e.at ?? new Date()).toISOString();
      const entry = (await one<{ id: string }>(sql`
        insert into run_entries (project_id, run_id, case_id, status, flaky, position, last_result_at)
        values (${projectId}, ${row.id}, ${e.caseId}, ${e.status}, ${e.flaky ?? false}, ${i}, ${at}::timestamptz) returning id`))!;
      if (at) {
        await getDb().execute(sql`
          insert into results (project_id, run_id, entry_id, status, executed_at, idempotency_key)
          values (${projectId}, ${row.id}, ${entry.id}, ${e.status}, ${at}::timestamptz, ${`fixture-${entry.id}`})`);
      }
    }
    return row.id;
  };
  const defect = async (caseId: string, key: string) =>
    getDb().execute(sql`insert into defect_links (project_id, case_id, tracker, key, url) values (${projectId}, ${caseId}, 'JIRA', ${key}, ${`https://jira.example.test/browse/${key}`})`);
  /** Marks a milestone COMPLETED at `at`, as the completion checklist would. */
  const complete = async (milestoneId: string, at: Date) =>
    getDb().execute(sql`update milestones set status = 'COMPLETED', completed_at = ${at.toISOString()}::timestamptz where id = ${milestoneId}`);
  return { owner, project, base, ctx, env, milestone, testCase, run, defect, complete };
}

export const days = (n: number, from: Date) => new Date(from.getTime() + n * 86_400_000);
