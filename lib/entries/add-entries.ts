import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { retryOnConflict } from "@/lib/retry";
import { getRun } from "@/lib/runs/queries";
import { assertRunOpen } from "./open-run";
import { insertEntries, selectCases } from "./plan-entries";
import { AddEntriesInput } from "./schemas";

/** Adds cases to an open run as UNTESTED entries; cases already in the run are left as they are. */
export async function addEntries({ ctx, runId, input }: { ctx: ProjectCtx; runId: string; input: unknown }) {
  authorize(ctx, "run:write");
  const selection = parse(AddEntriesInput, input);
  return retryOnConflict(() =>
    ctx.db.transaction(async (tx) => {
      await assertRunOpen(tx, ctx, runId);
      const caseIds = await selectCases(tx, ctx, selection);
      const added = await insertEntries(tx, ctx.project.id, runId, caseIds);
      if (added) {
        await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "run.entries.add", entityType: "test_run", entityId: runId, after: { ...selection, added } });
      }
      const run = await getRun(ctx, runId, tx);
      return { added, alreadyInRun: caseIds.length - added, counts: run.counts };
    }),
  );
}
