import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { testCases } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { setCaseRequirements } from "@/lib/requirements/case-links";
import { resolveRequirementKeys } from "@/lib/requirements/queries";
import { assertSuiteInProject } from "@/lib/suites/queries";
import { snapshotVersion } from "./numbers";
import { getCaseById, resolveCaseId } from "./queries";
import { UpdateCaseInput, type TestCase } from "./schemas";

/** Editing these makes a new version: a run shows the version of the case it executed. */
const VERSIONED = ["title", "preconditions", "steps", "priority"] as const;

export type CaseFields = Omit<z.output<typeof UpdateCaseInput>, "archived" | "requirementKeys">;

/**
 * Writes the changed fields of a locked case; bumps the version and saves it when content
 * changed. Returns the audit diff (empty when nothing changed). Shared with the CSV import.
 */
export async function applyCaseChanges(tx: Tx, ctx: ProjectCtx, before: typeof testCases.$inferSelect, fields: CaseFields, archived?: boolean) {
  const written: Record<string, unknown> = { ...fields };
  if (archived !== undefined && archived !== (before.archivedAt !== null)) written.archivedAt = archived ? new Date() : null;
  const changes = changedFields(before, written);
  const changed = Object.keys(changes.after);
  if (!changed.length) return changes;
  const bump = VERSIONED.some((f) => changed.includes(f));
  await tx
    .update(testCases)
    .set({
      ...fields,
      ...("archivedAt" in changes.after ? { archivedAt: archived ? sql`now()` : null } : {}),
      ...(bump ? { version: sql`${testCases.version} + 1` } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(testCases.id, before.id));
  if (bump) {
    await snapshotVersion(tx, before.id, ctx.actor.userId);
    changes.before.version = before.version;
    changes.after.version = before.version + 1;
  }
  return changes;
}

export async function lockCase(tx: Tx, ctx: ProjectCtx, caseId: string) {
  const [row] = await tx
    .select()
    .from(testCases)
    .where(and(eq(testCases.projectId, ctx.project.id), eq(testCases.id, caseId)))
    .for("update");
  if (!row) throw new NotFoundError("Test case");
  return row;
}

export async function updateCase({ ctx, caseRef, input }: { ctx: ProjectCtx; caseRef: string; input: unknown }): Promise<TestCase> {
  authorize(ctx, "case:write");
  const { archived, requirementKeys, ...fields } = parse(UpdateCaseInput, input);
  const caseId = await resolveCaseId(ctx, caseRef);
  return ctx.db.transaction(async (tx) => {
    const before = await lockCase(tx, ctx, caseId);
    if (fields.suiteId) await assertSuiteInProject(tx, ctx.project.id, fields.suiteId, "suiteId");
    const changes = await applyCaseChanges(tx, ctx, before, fields, archived);
    if (requirementKeys) {
      const links = await setCaseRequirements(tx, ctx, caseId, await resolveRequirementKeys(tx, ctx, requirementKeys, "requirementKeys"));
      if (links.before.join() !== links.after.join()) {
        changes.before.requirementKeys = links.before;
        changes.after.requirementKeys = links.after;
      }
    }
    if (Object.keys(changes.after).length) {
      await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "case.update", entityType: "test_case", entityId: caseId, ...changes });
    }
    return getCaseById(tx, ctx, caseId);
  });
}
