import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { milestones } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { ancestorIds } from "./queries";

export async function assertParentInProject(tx: Tx, projectId: string, parentId: string): Promise<void> {
  const [parent] = await tx
    .select({ id: milestones.id })
    .from(milestones)
    .where(and(eq(milestones.projectId, projectId), eq(milestones.id, parentId)));
  if (!parent) throw ValidationError.field("parentId", "No milestone with this id in this project");
}

/** A milestone may not become its own ancestor. */
export async function assertNoCycle(tx: Tx, projectId: string, milestoneId: string, parentId: string): Promise<void> {
  const above = await ancestorIds(tx, projectId, parentId);
  if (above.includes(milestoneId)) {
    throw ValidationError.field("parentId", "A milestone cannot be nested inside itself or one of its children");
  }
}
