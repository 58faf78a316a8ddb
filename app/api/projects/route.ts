import { created, json, route } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { PageParams } from "@/lib/api/schemas";
import { createProject } from "@/lib/projects/create-project";
import { listProjects } from "@/lib/projects/queries";

// GET /api/projects — list the projects the caller can see
export const GET = route(async ({ ctx, query }) => json(await listProjects(ctx, parse(PageParams, query))));

// POST /api/projects — create a project; the creator becomes its ADMIN
export const POST = route(async ({ ctx, body }) => created(await createProject({ ctx, input: await body() })));
