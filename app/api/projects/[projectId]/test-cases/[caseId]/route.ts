import { json, projectRoute } from "@/lib/api/handler";
import { archiveCase } from "@/lib/cases/archive-case";
import { getCase } from "@/lib/cases/queries";
import { updateCase } from "@/lib/cases/update-case";

type Params = { projectId: string; caseId: string };

// GET /api/projects/{projectId}/test-cases/{caseId} — one case (caseId or key like DEMO-12)
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getCase(ctx, params.caseId)));

// PATCH /api/projects/{projectId}/test-cases/{caseId} — edit; content changes make a new version
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await updateCase({ ctx, caseRef: params.caseId, input: await body() })),
);

// DELETE /api/projects/{projectId}/test-cases/{caseId} — archive (cases are never hard-deleted)
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => json(await archiveCase({ ctx, caseRef: params.caseId })));
