import { json, projectRoute } from "@/lib/api/handler";
import { deleteSuite } from "@/lib/suites/delete-suite";
import { getSuite } from "@/lib/suites/queries";
import { updateSuite } from "@/lib/suites/update-suite";

type Params = { projectId: string; suiteId: string };

// GET /api/projects/{projectId}/suites/{suiteId} — one suite
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getSuite(ctx, params.suiteId)));

// PATCH /api/projects/{projectId}/suites/{suiteId} — rename, move or reorder
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await updateSuite({ ctx, suiteId: params.suiteId, input: await body() })),
);

// DELETE /api/projects/{projectId}/suites/{suiteId} — delete the subtree, archiving its cases
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => json(await deleteSuite({ ctx, suiteId: params.suiteId })));
