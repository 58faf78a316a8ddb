import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { applyRunDelta, emptyDelta } from "@/lib/results/entry-state";
import { rowsOf } from "@/lib/sql";
import type { EntryStatus } from "./schemas";
import { assertRunOpen } from "./open-run";

/** Removes an entry nobody has executed yet from an open run; an entry with results keeps its history (409). */
export async function removeEntry({ ctx, runId, entryId }: { ctx: ProjectCtx; runId: string; entryId: string }): Promise<void> {
  authorize(ctx, "run:write");
  await ctx.db.transaction(async (tx) => {
    await assertRunOpen(tx, ctx, runId);
    const [entry] = rowsOf<{ id: string; case_id: string; status: EntryStatus; flaky: boolean }>(
      await tx.execute(sql`
        select id, case_id, status, flaky from run_entries
        where id = ${entryId} and run_id = ${runId} and project_id = ${ctx.project.id}
        for update`),
    );
    if (!entry) throw new NotFoundError("Run entry");
    // A statement of its own after the lock, so it sees results committed while we waited for it.
    const results = rowsOf(await tx.execute(sql`select 1 from results where entry_id = ${entryId} limit 1`));
    if (results.length) throw new ConflictError("This entry has results; it stays in the run to keep its history.");
    await tx.execute(sql`delete from run_entries where id = ${entryId}`);
    const delta = emptyDelta();
    delta.total = -1;
    delta[entry.status] = -1;
    if (entry.flaky) delta.flaky = -1;
    await applyRunDelta(tx, runId, delta, { start: false });
    await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "run.entries.remove", entityType: "run_entry", entityId: entryId, before: { runId, caseId: entry.case_id } });
  });
}
