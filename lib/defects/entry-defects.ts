import type { ProjectCtx } from "@/lib/context";
import { caseDefectLinks, entryForDefect } from "./queries";
import { refreshDefectStatuses } from "./refresh-statuses";
import type { DefectLink } from "./schemas";

/** The defects of an entry's test case, with Jira statuses refreshed when older than the cache age. */
export async function entryDefects(ctx: ProjectCtx, runId: string, entryId: string, opts: { maxAgeMs?: number } = {}): Promise<DefectLink[]> {
  const entry = await entryForDefect(ctx, runId, entryId);
  const links = await caseDefectLinks(ctx, entry.case_id);
  const refreshed = await refreshDefectStatuses(ctx, links.map((l) => l.id), opts);
  return refreshed ? caseDefectLinks(ctx, entry.case_id) : links;
}
