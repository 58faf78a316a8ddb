import type { ProjectCtx } from "@/lib/context";
import type { ErrorDetail } from "@/lib/errors";
import type { OpenFailure } from "@/lib/milestones/summary-schemas";
import { defectLinksById } from "./queries";
import { refreshDefectStatuses } from "./refresh-statuses";

/** A tracker status that means the defect is finished (Jira's status category "done"). */
export function isResolved(link: { statusCategory: string | null }): boolean {
  return link.statusCategory === "done";
}

/**
 * The checklist item "open defects tracked", for what the summary's UNTRACKED_FAILURES does not
 * already cover: an open failure whose defect (the case's newest link, as the summary shows it) is
 * a Jira issue that Jira reports resolved (status category "done") no longer tracks that failure:
 * either the fix did not work or the case was not re-tested. Statuses older than the cache age are
 * read again from Jira first. Returns the unmet item, or nothing.
 */
export async function resolvedDefectsChecklist(ctx: ProjectCtx, failures: readonly OpenFailure[]): Promise<ErrorDetail[]> {
  const ids = [...new Set(failures.flatMap((f) => (f.defect ? [f.defect.id] : [])))];
  if (!ids.length) return [];
  await refreshDefectStatuses(ctx, ids);
  return resolvedDefectsAsRead(ctx, failures);
}

/** The same item from the statuses as last read from the tracker, without asking it again (the evidence pack). */
export async function resolvedDefectsAsRead(ctx: ProjectCtx, failures: readonly OpenFailure[]): Promise<ErrorDetail[]> {
  const ids = [...new Set(failures.flatMap((f) => (f.defect ? [f.defect.id] : [])))];
  if (!ids.length) return [];
  const links = new Map((await defectLinksById(ctx, ids)).map((l) => [l.id, l]));
  const stale = failures.filter((f) => f.defect && links.get(f.defect.id) && isResolved(links.get(f.defect.id)!));
  if (!stale.length) return [];
  const list = stale.map((f) => `${f.caseKey} (${f.environment.name}) → ${f.defect!.key} ${links.get(f.defect!.id)!.status ?? "resolved"}`);
  const shown = list.length > 5 ? `${list.slice(0, 5).join(", ")} and ${list.length - 5} more` : list.join(", ");
  return [
    {
      field: "DEFECTS_RESOLVED",
      message: `${stale.length} open failure${stale.length === 1 ? " is" : "s are"} tracked by a defect that is already resolved: ${shown}. Re-test the case, reopen the defect, or link a new one.`,
    },
  ];
}
