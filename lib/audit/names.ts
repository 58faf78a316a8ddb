import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import { anyOf, rowsOf } from "@/lib/sql";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Enough for a page of entries with their before/after ids; anything beyond shows as an id. */
const MAX_IDS = 2000;

/** Every id-looking string in a recorded value (nested arrays and objects included). */
export function collectIds(value: unknown, into: Set<string>): void {
  if (into.size >= MAX_IDS) return;
  if (typeof value === "string") {
    if (UUID.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) collectIds(v, into);
  }
}

/**
 * Readable names for ids an audit page mentions, in one query: a case as "DEMO-12 Checkout with
 * card", a run, milestone, environment or suite by name, an entry as its case in its run, a
 * waiver as its case on its milestone, a user by name. Everything but users is looked up in
 * this project only, so another project's names never leak; unknown or deleted ids are absent.
 */
export async function auditNames(ctx: ProjectCtx, ids: Iterable<string>): Promise<Record<string, string>> {
  const list = [...new Set(ids)].slice(0, MAX_IDS);
  if (!list.length) return {};
  const pid = ctx.project.id;
  const key = ctx.project.key;
  const any = anyOf(list);
  const rows = rowsOf<{ id: string; label: string }>(
    await ctx.db.execute(sql`
      select c.id, ${key} || '-' || c.seq || ' ' || c.title as label from test_cases c where c.project_id = ${pid} and c.id = ${any}
      union all select id, name from test_runs where project_id = ${pid} and id = ${any}
      union all select id, name from milestones where project_id = ${pid} and id = ${any}
      union all select id, name from environments where project_id = ${pid} and id = ${any}
      union all select id, name from suites where project_id = ${pid} and id = ${any}
      union all select id, btrim(key || ' ' || title) from requirements where project_id = ${pid} and id = ${any}
      union all select e.id, ${key} || '-' || c.seq || ' ' || c.title || ' in ' || r.name
        from run_entries e join test_cases c on c.id = e.case_id join test_runs r on r.id = e.run_id
        where e.project_id = ${pid} and e.id = ${any}
      union all select w.id, ${key} || '-' || c.seq || ' ' || c.title || ' on ' || m.name
        from waivers w join test_cases c on c.id = w.case_id join milestones m on m.id = w.milestone_id
        where w.project_id = ${pid} and w.id = ${any}
      union all select n.id, initcap(n.kind) || ' in ' || r.name
        from exploratory_notes n join test_runs r on r.id = n.run_id where n.project_id = ${pid} and n.id = ${any}
      union all select id, key from defect_links where project_id = ${pid} and id = ${any}
      union all select id, name from authenticator_tokens where project_id = ${pid} and id = ${any}
      union all select id, filename from attachments where project_id = ${pid} and id = ${any}
      union all select id, name from projects where id = ${pid} and id = ${any}
      union all select id, coalesce(nullif(name, ''), email) from users where id = ${any}`),
  );
  return Object.fromEntries(rows.map((r) => [r.id, r.label]));
}
