import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { environments, milestones } from "@/db/schema";
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
