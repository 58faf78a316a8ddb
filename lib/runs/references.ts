import { and, desc, eq, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { environments, milestones } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { allowed } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { PG, ValidationError, pgConstraint, pgErrorCode, type ErrorDetail } from "@/lib/errors";

/** A run may only point at its own project's milestone and environment; anything else is a 400 on that field. */
export async function assertRunReferences(
  tx: Tx,
  projectId: string,
  refs: { milestoneId?: string; environmentId?: string },
): Promise<void> {
  const details: ErrorDetail[] = [];
  if (refs.milestoneId) {
    const [m] = await tx
      .select({ id: milestones.id })
      .from(milestones)
      .where(and(eq(milestones.projectId, projectId), eq(milestones.id, refs.milestoneId)));
    if (!m) details.push({ field: "milestoneId", message: "No milestone with this id in this project" });
  }
  if (refs.environmentId) {
    const [e] = await tx
      .select({ id: environments.id })
      .from(environments)
      .where(and(eq(environments.projectId, projectId), eq(environments.id, refs.environmentId)));
    if (!e) details.push({ field: "environmentId", message: "No environment with this id in this project" });
  }
  if (details.length) throw new ValidationError(`Invalid input: ${details.map((d) => d.field).join(", ")}`, details);
}

type Refs = { milestoneId?: string; milestone?: string; environmentId?: string; environment?: string };

/**
 * The milestone and environment ids of a new run, from ids or names. A milestone name matches
 * case-insensitively (an ACTIVE one first); an unknown environment name is created when the
 * caller may manage environments, and is a 400 otherwise.
 */
export async function resolveRunReferences(tx: Tx, ctx: ProjectCtx, refs: Refs): Promise<{ milestoneId: string; environmentId: string }> {
  const projectId = ctx.project.id;
  await assertRunReferences(tx, projectId, refs);
  const details: ErrorDetail[] = [];
  let milestoneId = refs.milestoneId;
  if (!milestoneId && refs.milestone) {
    const [m] = await tx
      .select({ id: milestones.id })
      .from(milestones)
      .where(and(eq(milestones.projectId, projectId), or(eq(milestones.id, refs.milestone), sql`lower(${milestones.name}) = lower(${refs.milestone})`)))
      .orderBy(sql`${milestones.status} = 'ACTIVE' desc`, desc(milestones.createdAt))
      .limit(1);
    if (m) milestoneId = m.id;
    else details.push({ field: "milestone", message: `No milestone named "${refs.milestone}" in this project` });
  }
  let environmentId = refs.environmentId;
  if (!environmentId && refs.environment) {
    const [e] = await tx
      .select({ id: environments.id })
      .from(environments)
      .where(and(eq(environments.projectId, projectId), or(eq(environments.id, refs.environment), sql`lower(${environments.name}) = lower(${refs.environment})`)));
    if (e) environmentId = e.id;
    else if (allowed(ctx, "environment:write")) environmentId = await createEnvironmentNamed(tx, ctx, refs.environment);
    else details.push({ field: "environment", message: `No environment named "${refs.environment}", and you may not create environments` });
  }
  if (details.length) throw new ValidationError(`Invalid input: ${details.map((d) => d.field).join(", ")}`, details);
  return { milestoneId: milestoneId!, environmentId: environmentId! };
}

async function createEnvironmentNamed(tx: Tx, ctx: ProjectCtx, name: string): Promise<string> {
  // Two shards naming the same new environment at once converge on one row.
  await tx.execute(sql`
    insert into environments (project_id, name) values (${ctx.project.id}, ${name})
    on conflict (project_id, (lower(name))) do nothing`);
  const [env] = await tx
    .select({ id: environments.id })
    .from(environments)
    .where(and(eq(environments.projectId, ctx.project.id), sql`lower(${environments.name}) = lower(${name})`));
  await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "environment.create", entityType: "environment", entityId: env.id, after: { name, via: "test run" } });
  return env.id;
}

const FK_FIELDS: Record<string, string> = {
  test_runs_milestone_fk: "milestoneId",
  test_runs_environment_fk: "environmentId",
};

/**
 * A milestone or environment deleted between the check above and the write surfaces as a
 * foreign-key violation; report it like the check would have, not as a 500.
 */
export function referenceViolation(err: unknown): unknown {
  const field = pgErrorCode(err) === PG.foreignKeyViolation ? FK_FIELDS[pgConstraint(err) ?? ""] : undefined;
  return field ? ValidationError.field(field, "No longer exists in this project") : err;
}
