import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { suites } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import { duplicateSuiteName } from "./errors";
import { assertSuiteInProject, getSuite, subtreeIds } from "./queries";
import { UpdateSuiteInput, type Suite } from "./schemas";

/**
 * Renumbers the children of `parentId` 0..n-1 in display order; with `place`, first puts that
 * suite at index `place.position` among them (last when absent or past the end), so that
 * "move up" is simply `position: index - 1`.
 */
async function renumberSiblings(tx: Tx, projectId: string, parentId: string | null, place?: { suiteId: string; position?: number }) {
  const siblings = rowsOf<{ id: string }>(
    await tx.execute(sql`
      select id from suites
      where project_id = ${projectId} and coalesce(parent_id, '') = ${parentId ?? ""} and id <> ${place?.suiteId ?? ""}
      order by position, name, id
      for update`),
  ).map((r) => r.id);
  if (place) siblings.splice(Math.min(place.position ?? siblings.length, siblings.length), 0, place.suiteId);
  await tx.execute(sql`
    update suites s set position = o.n - 1
    from (select id, n from jsonb_array_elements_text(${JSON.stringify(siblings)}::jsonb) with ordinality as x(id, n)) o
    where s.project_id = ${projectId} and s.id = o.id and s.position is distinct from o.n - 1`);
}

/** Rename, describe, move under another parent (never into its own subtree) or reorder. */
export async function updateSuite({ ctx, suiteId, input }: { ctx: ProjectCtx; suiteId: string; input: unknown }): Promise<Suite> {
  authorize(ctx, "suite:write");
  const data = parse(UpdateSuiteInput, input);
  try {
    await ctx.db.transaction(async (tx) => {
      const where = and(eq(suites.projectId, ctx.project.id), eq(suites.id, suiteId));
      const [before] = await tx.select().from(suites).where(where).for("update");
      if (!before) throw new NotFoundError("Suite");
      if (data.parentId) {
        await assertSuiteInProject(tx, ctx.project.id, data.parentId, "parentId");
        if ((await subtreeIds(tx, ctx.project.id, suiteId)).includes(data.parentId)) {
          throw ValidationError.field("parentId", "A suite cannot move into itself or one of its descendants");
        }
      }
      const parentId = data.parentId === undefined ? before.parentId : data.parentId;
      const moved = parentId !== before.parentId;
      const { position, ...rest } = data;
      const changes = changedFields(before, data);
      if (!Object.keys(changes.after).length && !moved && position === undefined) return;
      await tx
        .update(suites)
        .set({ ...rest, updatedAt: sql`now()` })
        .where(where);
      if (position !== undefined || moved) await renumberSiblings(tx, ctx.project.id, parentId, { suiteId, position });
      if (moved) await renumberSiblings(tx, ctx.project.id, before.parentId);
      if (Object.keys(changes.after).length) await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "suite.update", entityType: "suite", entityId: suiteId, ...changes });
    });
  } catch (err) {
    throw duplicateSuiteName(err, data.name);
  }
  return getSuite(ctx, suiteId);
}
