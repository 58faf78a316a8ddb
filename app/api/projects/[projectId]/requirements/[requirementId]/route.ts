import { json, noContent, projectRoute } from "@/lib/api/handler";
import { deleteRequirement } from "@/lib/requirements/delete-requirement";
import { getRequirement } from "@/lib/requirements/queries";
import { updateRequirement } from "@/lib/requirements/update-requirement";

type Params = { projectId: string; requirementId: string };

// GET /api/projects/{projectId}/requirements/{requirementId} — one requirement (id or key like SHOP-12)
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getRequirement(ctx, params.requirementId)));

// PATCH /api/projects/{projectId}/requirements/{requirementId} — change key, title, url or source (TESTER)
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await updateRequirement({ ctx, requirementRef: params.requirementId, input: await body() })),
);

// DELETE /api/projects/{projectId}/requirements/{requirementId} — delete it with its case links and milestone scopes (TESTER)
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await deleteRequirement({ ctx, requirementRef: params.requirementId });
  return noContent();
});
