import { sql } from "drizzle-orm";
import { suites } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { rowsOf } from "@/lib/sql";
import { duplicateSuiteName } from "./errors";
import { assertSuiteInProject, getSuite } from "./queries";
import { CreateSuiteInput, type Suite } from "./schemas";

/** Without a position the suite goes last among its siblings. */
export async function createSuite({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<Suite> {
  authorize(ctx, "suite:write");
  const data = parse(CreateSuiteInput, input);
  let id: string;
  try {
    id = await ctx.db.transaction(async (tx) => {
      if (data.parentId) await assertSuiteInProject(tx, ctx.project.id, data.parentId, "parentId");
      const position =
        data.position ??
        Number(
          rowsOf<{ next: number }>(
            await tx.execute(sql`
              select coalesce(max(position) + 1, 0)::int as next from suites
              where project_id = ${ctx.project.id} and coalesce(parent_id, '') = ${data.parentId ?? ""}`),
          )[0].next,
        );
      const [row] = await tx
        .insert(suites)
        .values({ projectId: ctx.project.id, parentId: data.parentId, name: data.name, description: data.description, position })
        .returning();
      await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "suite.create", entityType: "suite", entityId: row.id, after: { ...data, position } });
      return row.id;
    });
  } catch (err) {
    throw duplicateSuiteName(err, data.name);
  }
  return getSuite(ctx, id);
}
