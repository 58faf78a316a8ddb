import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";
import type { MilestoneRequirements } from "./schemas";

type Reader = Pick<Tx, "execute">;

/** The requirement keys set on the milestone itself (its phases have their own), by key. */
export async function milestoneRequirementKeys(db: Reader, ctx: ProjectCtx, milestoneId: string): Promise<string[]> {
  return rowsOf<{ key: string }>(
    await db.execute(sql`
      select r.key from milestone_requirements mr join requirements r on r.id = mr.requirement_id
      where mr.project_id = ${ctx.project.id} and mr.milestone_id = ${milestoneId} order by r.key collate "C"`),
  ).map((r) => r.key);
}

export async function assertMilestone(db: Reader, ctx: ProjectCtx, milestoneId: string, lock = false): Promise<{ id: string; name: string }> {
  const [m] = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from milestones where project_id = ${ctx.project.id} and id = ${milestoneId} ${lock ? sql`for update` : sql``}`),
  );
  if (!m) throw new NotFoundError("Milestone");
  return m;
}

export async function getMilestoneRequirements(ctx: ProjectCtx, milestoneId: string): Promise<MilestoneRequirements> {
  authorize(ctx, "project:read");
  await assertMilestone(ctx.db, ctx, milestoneId);
  return { milestoneId, keys: await milestoneRequirementKeys(ctx.db, ctx, milestoneId) };
}
