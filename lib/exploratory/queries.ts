import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { attachments, exploratoryNotes, testRuns, users } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import { attachmentUrl } from "@/lib/attachments/queries";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import type { Note, NoteAttachment, NoteKind } from "./schemas";

export type SessionRow = typeof testRuns.$inferSelect;
type NoteRow = typeof exploratoryNotes.$inferSelect;

const createdKey = sql<string>`to_char(${exploratoryNotes.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The exploratory session (a run of kind EXPLORATORY) of this project; 404 for anything else. */
export async function findSession(ctx: ProjectCtx, runId: string, db: Db | Tx = ctx.db, lock = false): Promise<SessionRow> {
  const query = db
    .select()
    .from(testRuns)
    .where(and(eq(testRuns.projectId, ctx.project.id), eq(testRuns.id, runId), eq(testRuns.kind, "EXPLORATORY")));
  const [run] = lock ? await query.for("update") : await query;
  if (!run) throw new NotFoundError("Exploratory session");
  return run;
}

/** A note of the session, or 404. */
export async function findNote(ctx: ProjectCtx, runId: string, noteId: string, db: Db | Tx = ctx.db): Promise<NoteRow> {
  const [note] = await db
    .select()
    .from(exploratoryNotes)
    .where(and(eq(exploratoryNotes.projectId, ctx.project.id), eq(exploratoryNotes.runId, runId), eq(exploratoryNotes.id, noteId)));
  if (!note) throw new NotFoundError("Note");
  return note;
}

export function toNoteAttachment(ctx: ProjectCtx, row: typeof attachments.$inferSelect & { noteId: string }): NoteAttachment {
  return {
    id: row.id,
    noteId: row.noteId,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    url: attachmentUrl(ctx, row.id),
    createdAt: row.createdAt.toISOString(),
  };
}

type Author = { id: string; name: string; email: string } | null;

function toNote(ctx: ProjectCtx, session: SessionRow, row: NoteRow, author: Author, files: NoteAttachment[]): Note {
  const started = session.startedAt?.getTime();
  return {
    id: row.id,
    runId: row.runId,
    kind: row.kind,
    body: row.body,
    defect: row.defectKey ? { tracker: row.defectTracker ?? "OTHER", key: row.defectKey, url: row.defectUrl } : null,
    offsetMs: started === undefined ? null : Math.max(0, row.createdAt.getTime() - started),
    createdBy: author ? { id: author.id, name: author.name || author.email } : null,
    attachments: files,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function withDetails(ctx: ProjectCtx, session: SessionRow, rows: NoteRow[], db: Db | Tx): Promise<Note[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const authorIds = [...new Set(rows.map((r) => r.createdById).filter((x): x is string => !!x))];
  const [files, authors] = await Promise.all([
    db
      .select()
      .from(attachments)
      .where(and(eq(attachments.projectId, ctx.project.id), inArray(attachments.noteId, ids)))
      .orderBy(asc(attachments.createdAt), asc(attachments.id)),
    authorIds.length ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, authorIds)) : [],
  ]);
  const byAuthor = new Map(authors.map((a) => [a.id, a]));
  return rows.map((r) =>
    toNote(
      ctx,
      session,
      r,
      r.createdById ? (byAuthor.get(r.createdById) ?? null) : null,
      files.filter((f) => f.noteId === r.id).map((f) => toNoteAttachment(ctx, { ...f, noteId: r.id })),
    ),
  );
}

export type NoteFilter = { kind?: NoteKind[] };

/** A session's notes, oldest first (the order they were written in). */
export async function listNotes(ctx: ProjectCtx, runId: string, filter: NoteFilter, params: PageParams): Promise<Page<Note>> {
  const session = await findSession(ctx, runId);
  const after = decodeCursor(params.cursor, ["instant", "text"]);
  const conditions: (SQL | undefined)[] = [eq(exploratoryNotes.projectId, ctx.project.id), eq(exploratoryNotes.runId, session.id)];
  if (filter.kind?.length) conditions.push(inArray(exploratoryNotes.kind, filter.kind));
  if (after) conditions.push(sql`(${exploratoryNotes.createdAt}, ${exploratoryNotes.id}) > (${after[0]}::timestamptz, ${after[1]})`);
  const rows = await ctx.db
    .select({ note: exploratoryNotes, createdKey })
    .from(exploratoryNotes)
    .where(and(...conditions))
    .orderBy(asc(exploratoryNotes.createdAt), asc(exploratoryNotes.id))
    .limit(params.limit + 1);
  const page = toPage(rows, params.limit, (r) => [r.createdKey, r.note.id], (r) => r.note);
  return { data: await withDetails(ctx, session, page.data, ctx.db), nextCursor: page.nextCursor };
}

export async function getNote(ctx: ProjectCtx, runId: string, noteId: string, db: Db | Tx = ctx.db): Promise<Note> {
  const session = await findSession(ctx, runId, db);
  const row = await findNote(ctx, session.id, noteId, db);
  const [note] = await withDetails(ctx, session, [row], db);
  return note;
}
