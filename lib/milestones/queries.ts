import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { milestones, testRuns, users } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { escapeLike, rowsOf } from "@/lib/sql";
import type { Milestone, MilestoneStatus, RunCounts } from "./schemas";

type MilestoneRow = typeof milestones.$inferSelect;

const ZERO_COUNTS: RunCounts = { total: 0, planned: 0, inProgress: 0, completed: 0, aborted: 0 };

export function toMilestone(row: MilestoneRow, runCounts: RunCounts = ZERO_COUNTS, completedByName: string | null = null): Milestone {
  return {
    id: row.id,
    projectId: row.projectId,
    parentId: row.parentId,
    name: row.name,
    description: row.description,
    dueDate: row.dueDate?.toISOString() ?? null,
    status: row.status,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    runCounts,
    baselineMilestoneId: row.baselineSet ? row.baselineMilestoneId : null,
    baselineAutomatic: !row.baselineSet,
    completion:
      row.completedAt || row.completionOverrides?.length
        ? {
            completedAt: row.completedAt?.toISOString() ?? null,
            completedBy: row.completedById ? { id: row.completedById, name: completedByName } : null,
            overrides: row.completionOverrides ?? [],
          }
        : null,
  };
}

const countWhere = (status: string) => sql<number>`(count(*) filter (where ${testRuns.status} = ${status}))::int`;

function runCountsByMilestone(ctx: ProjectCtx) {
  return ctx.db
    .select({
      milestoneId: testRuns.milestoneId,
      total: sql<number>`count(*)::int`.as("total"),
      planned: countWhere("PLANNED").as("planned"),
      inProgress: countWhere("IN_PROGRESS").as("in_progress"),
      completed: countWhere("COMPLETED").as("completed"),
      aborted: countWhere("ABORTED").as("aborted"),
    })
    .from(testRuns)
    .where(eq(testRuns.projectId, ctx.project.id))
    .groupBy(testRuns.milestoneId)
    .as("rc");
}

/** Sort key: due date, milestones without one last, then id for a stable order. */
const dueKey = sql`coalesce(${milestones.dueDate}, 'infinity'::timestamptz)`;

/** The due date to full (microsecond) precision for the cursor; a JS Date would drop microseconds and repeat rows. */
const dueCursor = sql<string>`coalesce(to_char(${milestones.dueDate} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'infinity')`;

function selectWithCounts(ctx: ProjectCtx) {
  const rc = runCountsByMilestone(ctx);
  return {
    rc,
    query: ctx.db
      .select({
        milestone: milestones,
        total: rc.total,
        planned: rc.planned,
        inProgress: rc.inProgress,
        completed: rc.completed,
        aborted: rc.aborted,
        dueCursor,
        completedByName: users.name,
      })
      .from(milestones)
      .leftJoin(rc, eq(rc.milestoneId, milestones.id))
      .leftJoin(users, eq(users.id, milestones.completedById)),
  };
}

type CountedRow = { milestone: MilestoneRow; completedByName: string | null } & { [K in keyof RunCounts]: number | null };

const withCounts = (r: CountedRow) =>
  toMilestone(r.milestone, {
    total: r.total ?? 0,
    planned: r.planned ?? 0,
    inProgress: r.inProgress ?? 0,
    completed: r.completed ?? 0,
    aborted: r.aborted ?? 0,
  }, r.completedByName);


export type MilestoneFilter = { status?: MilestoneStatus[]; q?: string };

export async function listMilestones(ctx: ProjectCtx, filter: MilestoneFilter, params: PageParams): Promise<Page<Milestone>> {
  const after = decodeCursor(params.cursor, ["instant-or-infinity", "text"]);
  const conditions: (SQL | undefined)[] = [eq(milestones.projectId, ctx.project.id)];
  if (filter.status?.length) conditions.push(inArray(milestones.status, filter.status));
  if (filter.q) conditions.push(sql`${milestones.name} ilike ${`%${escapeLike(filter.q)}%`}`);
  if (after) conditions.push(sql`(${dueKey}, ${milestones.id}) > (${after[0]}::timestamptz, ${after[1]})`);
  const { query } = selectWithCounts(ctx);
  const rows = await query
    .where(and(...conditions))
    .orderBy(asc(dueKey), asc(milestones.id))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => [r.dueCursor, r.milestone.id], withCounts);
}

export async function getMilestone(ctx: ProjectCtx, milestoneId: string): Promise<Milestone> {
  const { query } = selectWithCounts(ctx);
  const [row] = await query.where(and(eq(milestones.projectId, ctx.project.id), eq(milestones.id, milestoneId)));
  if (!row) throw new NotFoundError("Milestone");
  return withCounts(row);
}

/** The milestone ids above `milestoneId`, nearest first (used to refuse cycles). */
export async function ancestorIds(db: Pick<Db, "execute">, projectId: string, milestoneId: string): Promise<string[]> {
  const res = await db.execute<{ id: string }>(sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from ${milestones} where id = ${milestoneId} and project_id = ${projectId}
      union all
      select m.id, m.parent_id, up.depth + 1 from ${milestones} m join up on m.id = up.parent_id
      where up.depth < 100
    )
    select id from up order by depth`);
  return rowsOf<{ id: string }>(res).map((r) => r.id);
}
