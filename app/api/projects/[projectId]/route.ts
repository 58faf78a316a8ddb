import { json, projectRoute } from "@/lib/api/handler";
import { getProject } from "@/lib/projects/queries";
import { updateProject } from "@/lib/projects/update-project";

// GET /api/projects/{projectId} — one project (id or key)
export const GET = projectRoute(async ({ ctx }) => json(await getProject(ctx)));

// PATCH /api/projects/{projectId} — rename or describe a project
export const PATCH = projectRoute(async ({ ctx, body }) => json(await updateProject({ ctx, input: await body() })));
