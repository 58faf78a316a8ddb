import { sql } from "drizzle-orm";
import type { ProjectCtx } from "@/lib/context";
import { rowsOf } from "@/lib/sql";
import type { Milestone } from "./schemas";
import { milestoneSummary } from "./summary";
import type { MilestoneSummary } from "./summary-schemas";

export type MilestoneOverview = {
  milestone: Milestone;
  /** The milestone's own summary (its phases rolled in), without the per-child list. */
  summary: MilestoneSummary;
};

/**
 * The summary of each milestone, for lists, cards and the dashboard: the same function as the
 * summary page and the API (DESIGN §6), so a number on a card never differs from the page.
 */
export async function milestoneOverviews(
  ctx: ProjectCtx,
  milestones: Milestone[],
  opts: { environmentId?: string; now?: Date } = {},
): Promise<MilestoneOverview[]> {
  const summaries = await Promise.all(
    milestones.map((m) => milestoneSummary(ctx, m.id, { environmentId: opts.environmentId, now: opts.now, includeChildren: false })),
  );
  return milestones.map((milestone, i) => ({ milestone, summary: summaries[i] }));
}

/** Names of milestones by id (for "part of …" labels), scoped to the project. */
export async function milestoneNames(ctx: ProjectCtx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = rowsOf<{ id: string; name: string }>(
    await ctx.db.execute(sql`
      select id, name from milestones
      where project_id = ${ctx.project.id} and id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Orders a page of milestones as a tree: each release followed by its phases (nested to any
 * depth), in the page's order. A phase whose parent is not on the page stays at the top level.
 */
export function nestMilestones<T extends { id: string; parentId: string | null }>(items: T[]): { item: T; depth: number }[] {
  const onPage = new Set(items.map((m) => m.id));
  const children = new Map<string, T[]>();
  for (const m of items) {
    if (m.parentId && onPage.has(m.parentId)) children.set(m.parentId, [...(children.get(m.parentId) ?? []), m]);
  }
  const out: { item: T; depth: number }[] = [];
  const visit = (m: T, depth: number) => {
    out.push({ item: m, depth });
    for (const c of children.get(m.id) ?? []) visit(c, depth + 1);
  };
  for (const m of items) if (!m.parentId || !onPage.has(m.parentId)) visit(m, 0);
  return out;
}
