import { and, eq, sql } from "drizzle-orm";
import { exploratoryNotes } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { findNote, findSession, getNote } from "./queries";
import { UpdateNoteInput, type Note } from "./schemas";
import { assertRunning, touchSession } from "./session-state";

/**
 * Edits a note while the session runs. Once it is COMPLETED only the defect link may change,
 * so a finding can be linked to the ticket filed after the session.
 */
export async function updateNote({ ctx, runId, noteId, input }: { ctx: ProjectCtx; runId: string; noteId: string; input: unknown }): Promise<Note> {
  authorize(ctx, "run:write");
  const data = parse(UpdateNoteInput, input);
  return ctx.db.transaction(async (tx) => {
    const session = await findSession(ctx, runId, tx, true);
    const before = await findNote(ctx, session.id, noteId, tx);
    const onlyDefect = data.kind === undefined && data.body === undefined;
    if (!(session.status === "COMPLETED" && onlyDefect)) {
      if (session.status === "COMPLETED") throw new ConflictError("The session is COMPLETED: only a note's defect link can still change.");
      assertRunning(session, "edit notes");
    }
    const defect =
      data.defect === undefined
        ? {}
        : data.defect === null
          ? { defectTracker: null, defectKey: null, defectUrl: null }
          : { defectTracker: data.defect.tracker ?? "OTHER", defectKey: data.defect.key, defectUrl: data.defect.url ?? null };
    await tx
      .update(exploratoryNotes)
      .set({ ...(data.kind ? { kind: data.kind } : {}), ...(data.body ? { body: data.body } : {}), ...defect, updatedAt: sql`now()` })
      .where(and(eq(exploratoryNotes.projectId, ctx.project.id), eq(exploratoryNotes.id, before.id)));
    await touchSession(tx, session);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "note.update",
      entityType: "exploratory_note",
      entityId: before.id,
      ...changedFields(before, { ...(data.kind ? { kind: data.kind } : {}), ...(data.body ? { body: data.body } : {}), ...defect }),
    });
    return getNote(ctx, session.id, before.id, tx);
  });
}
