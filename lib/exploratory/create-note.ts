import { exploratoryNotes } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { findSession, getNote } from "./queries";
import { CreateNoteInput, type Note } from "./schemas";
import { assertRunning, touchSession } from "./session-state";

/** Adds a timestamped note or finding to a running exploratory session. */
export async function createNote({ ctx, runId, input }: { ctx: ProjectCtx; runId: string; input: unknown }): Promise<Note> {
  authorize(ctx, "run:write");
  const data = parse(CreateNoteInput, input);
  return ctx.db.transaction(async (tx) => {
    const session = await findSession(ctx, runId, tx, true);
    assertRunning(session, "add notes");
    const [row] = await tx
      .insert(exploratoryNotes)
      .values({
        projectId: ctx.project.id,
        runId: session.id,
        kind: data.kind,
        body: data.body,
        defectTracker: data.defect ? (data.defect.tracker ?? "OTHER") : null,
        defectKey: data.defect?.key ?? null,
        defectUrl: data.defect?.url ?? null,
        createdById: ctx.actor.userId,
      })
      .returning({ id: exploratoryNotes.id });
    await touchSession(tx, session);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "note.create",
      entityType: "exploratory_note",
      entityId: row.id,
      after: { runId: session.id, ...data },
    });
    return getNote(ctx, session.id, row.id, tx);
  });
}
