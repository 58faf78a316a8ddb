import { json, noContent, projectRoute } from "@/lib/api/handler";
import { deleteEnvironment } from "@/lib/environments/delete-environment";
import { getEnvironment } from "@/lib/environments/queries";
import { updateEnvironment } from "@/lib/environments/update-environment";

type Params = { projectId: string; environmentId: string };

// GET /api/projects/{projectId}/environments/{environmentId} — one environment
export const GET = projectRoute<Params>(async ({ ctx, params }) => json(await getEnvironment(ctx, params.environmentId)));

// PATCH /api/projects/{projectId}/environments/{environmentId} — rename or describe
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await updateEnvironment({ ctx, environmentId: params.environmentId, input: await body() })),
);

// DELETE /api/projects/{projectId}/environments/{environmentId} — delete an unused environment
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await deleteEnvironment({ ctx, environmentId: params.environmentId });
  return noContent();
});
