import type { ProjectCtx } from "@/lib/context";
import { milestoneSummary } from "@/lib/milestones/summary";
import { defectLinksById } from "./queries";
import { refreshDefectStatuses } from "./refresh-statuses";
import type { DefectLink } from "./schemas";

/**
 * The defects linked to a milestone's open failures (as its summary shows them), with Jira
 * statuses older than the cache age read again. `refreshed` says how many changed hands, so a
 * page showing the summary knows to re-render.
 */
export async function milestoneDefects(ctx: ProjectCtx, milestoneId: string): Promise<{ data: DefectLink[]; refreshed: number }> {
  const summary = await milestoneSummary(ctx, milestoneId, { includeChildren: false });
  const ids = [...new Set(summary.openFailures.flatMap((f) => (f.defect ? [f.defect.id] : [])))];
  const refreshed = await refreshDefectStatuses(ctx, ids);
  return { data: await defectLinksById(ctx, ids), refreshed };
}
