import { cache } from "react";
import type { ProjectCtx } from "@/lib/context";
import { milestoneOverviews, type MilestoneOverview } from "@/lib/milestones/overview";
import { listMilestones } from "@/lib/milestones/queries";
import type { Milestone } from "@/lib/milestones/schemas";
import type { OpenFailure } from "@/lib/milestones/summary-schemas";
import { executedCount } from "@/lib/runs/metrics";

/** Cards on the dashboard; the milestones list shows the rest. */
export const DASHBOARD_CARDS = 6;
/** Completed milestones in the pass-rate trend. */
export const TREND_MILESTONES = 8;

export type DashboardFilter = { milestoneId?: string; environmentId?: string };

const PRIORITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

export type DashboardCard = MilestoneOverview & { phases: MilestoneOverview[] };

/**
 * The active milestones the dashboard shows as cards: the soonest-due top-level ones (or the one
 * filtered on), each with its active phases, all with their summaries. Cached per request: the
 * cards and the failures widget share one computation.
 */
export const activeMilestoneCards = cache(
  async (ctx: ProjectCtx, milestoneId: string | undefined, environmentId: string | undefined): Promise<{ cards: DashboardCard[]; totalActive: number }> => {
    const active = (await listMilestones(ctx, { status: ["ACTIVE"] }, { limit: 200 })).data;
    const ids = new Set(active.map((m) => m.id));
    const cards = milestoneId
      ? active.filter((m) => m.id === milestoneId)
      : active.filter((m) => !m.parentId || !ids.has(m.parentId)).slice(0, DASHBOARD_CARDS);
    const phases = active.filter((m) => m.parentId && cards.some((c) => c.id === m.parentId));
    const overviews = await milestoneOverviews(ctx, [...cards, ...phases], { environmentId });
    const top = overviews.slice(0, cards.length);
    const rest = overviews.slice(cards.length);
    return {
      cards: top.map((o) => ({ ...o, phases: rest.filter((p) => p.milestone.parentId === o.milestone.id) })),
      totalActive: active.length,
    };
  },
);

export type AttentionFailure = OpenFailure & { milestone: { id: string; name: string } };

/**
 * Open failures across the shown active milestones, critical first, then the longest failing.
 * A phase's failure is also its release's (phases roll up): it is listed once, under the
 * narrowest milestone holding it.
 */
export function failuresNeedingAttention(cards: DashboardCard[], limit = 12): { failures: AttentionFailure[]; total: number } {
  const byKey = new Map<string, AttentionFailure>();
  // Widest scope first, so the narrowest milestone writes last and wins.
  const ordered = cards.flatMap((c) => [c, ...c.phases]).sort((a, b) => b.summary.runs.total - a.summary.runs.total);
  for (const o of ordered) {
    for (const f of o.summary.openFailures) byKey.set(`${f.caseId}:${f.environment.id}`, { ...f, milestone: { id: o.milestone.id, name: o.milestone.name } });
  }
  const all = [...byKey.values()].sort(
    (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || (a.since ?? "").localeCompare(b.since ?? "") || a.caseKey.localeCompare(b.caseKey),
  );
  return { failures: all.slice(0, limit), total: all.length };
}

export type TrendPoint = { milestone: Pick<Milestone, "id" | "name" | "completedAt">; passRate: number | null; executed: number };

/** Pass rate of the last completed milestones, oldest first (sprint over sprint). */
export async function passRateTrend(ctx: ProjectCtx, environmentId?: string, count = TREND_MILESTONES): Promise<TrendPoint[]> {
  const completed = await listMilestones(ctx, { status: ["COMPLETED"] }, { limit: 200 });
  const last = [...completed.data]
    .filter((m) => m.completedAt)
    .sort((a, b) => Date.parse(b.completedAt!) - Date.parse(a.completedAt!))
    .slice(0, count)
    .reverse();
  const overviews = await milestoneOverviews(ctx, last, { environmentId });
  return overviews.map(({ milestone, summary }) => ({
    milestone: { id: milestone.id, name: milestone.name, completedAt: milestone.completedAt },
    passRate: summary.passRate,
    executed: executedCount(summary.counts),
  }));
}
