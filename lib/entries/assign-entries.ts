import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { anyOf, rowsOf } from "@/lib/sql";
import { assertRunOpen } from "./open-run";
import { getEntry } from "./queries";
import { AssignEntryInput, BulkAssignInput, type RunEntry } from "./schemas";

/** Only members who may execute (TESTER or ADMIN) can be given entries. */
async function assertAssignee(tx: Tx, ctx: ProjectCtx, assigneeId: string | null): Promise<void> {
  if (assigneeId === null) return;
  const rows = rowsOf<{ role: string }>(
    await tx.execute(sql`
      select pm.role from project_members pm join users u on u.id = pm.user_id
      where pm.project_id = ${ctx.project.id} and pm.user_id = ${assigneeId} and u.disabled_at is null`),
  );
  if (!rows.length) throw ValidationError.field("assigneeId", "Not a member of this project");
  if (rows[0].role !== "TESTER" && rows[0].role !== "ADMIN") {
    throw ValidationError.field("assigneeId", `A ${rows[0].role} cannot execute tests; assign a TESTER or ADMIN`);
  }
}

/** `PATCH .../entries/{entryId}`: assigns one entry (null unassigns). */
export async function assignEntry({ ctx, runId, entryId, input }: { ctx: ProjectCtx; runId: string; entryId: string; input: unknown }): Promise<RunEntry> {
  authorize(ctx, "run:write");
  const { assigneeId } = parse(AssignEntryInput, input);
  await ctx.db.transaction(async (tx) => {
    await assertRunOpen(tx, ctx, runId);
    await assertAssignee(tx, ctx, assigneeId);
    const [before] = rowsOf<{ assignee_id: string | null }>(
      await tx.execute(sql`
        select assignee_id from run_entries where id = ${entryId} and run_id = ${runId} and project_id = ${ctx.project.id} for update`),
    );
    if (!before) throw new NotFoundError("Run entry");
    await tx.execute(sql`update run_entries set assignee_id = ${assigneeId}, updated_at = now() where id = ${entryId}`);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "run.entries.assign",
      entityType: "run_entry",
      entityId: entryId,
      before: { assigneeId: before.assignee_id },
      after: { assigneeId },
    });
  });
  return getEntry(ctx, runId, entryId);
}

/** `POST .../entries/assign`: assigns the listed entries, or all of the run's, to one member. */
export async function assignEntries({ ctx, runId, input }: { ctx: ProjectCtx; runId: string; input: unknown }): Promise<{ updated: number }> {
  authorize(ctx, "run:write");
  const data = parse(BulkAssignInput, input);
  return ctx.db.transaction(async (tx) => {
    await assertRunOpen(tx, ctx, runId);
    await assertAssignee(tx, ctx, data.assigneeId);
    const ids = data.entryIds ? [...new Set(data.entryIds)].sort() : undefined;
    const updated = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update run_entries set assignee_id = ${data.assigneeId}, updated_at = now()
        where run_id = ${runId} and project_id = ${ctx.project.id} ${ids ? sql`and id = ${anyOf(ids)}` : sql``}
        returning id`),
    );
    if (ids && updated.length < ids.length) {
      const found = new Set(updated.map((r) => r.id));
      throw ValidationError.field("entryIds", `Not entries of this run: ${ids.filter((id) => !found.has(id)).join(", ")}`);
    }
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "run.entries.assign",
      entityType: "test_run",
      entityId: runId,
      after: { assigneeId: data.assigneeId, entries: updated.length, all: data.all ?? false },
    });
    return { updated: updated.length };
  });
}
