import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { createNote } from "@/lib/exploratory/create-note";
import { listNotes } from "@/lib/exploratory/queries";
import { NoteListQuery } from "@/lib/exploratory/schemas";

type Params = { projectId: string; runId: string };

// GET /api/projects/{projectId}/test-runs/{runId}/notes — an exploratory session's notes and findings, oldest first
export const GET = projectRoute<Params>(async ({ ctx, params, query }) => {
  const { limit, cursor, kind } = parse(NoteListQuery, query);
  return json(await listNotes(ctx, params.runId, { kind }, { limit, cursor }));
});

// POST /api/projects/{projectId}/test-runs/{runId}/notes — add a note or finding to a running session
export const POST = projectRoute<Params>(async ({ ctx, params, body }) => created(await createNote({ ctx, runId: params.runId, input: await body() })));
