import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { PageParams } from "@/lib/api/schemas";
import { addMember } from "@/lib/members/add-member";
import { listMembers } from "@/lib/members/queries";

// GET /api/projects/{projectId}/members — the project's members by email
export const GET = projectRoute(async ({ ctx, query }) => json(await listMembers(ctx, parse(PageParams, query))));

// POST /api/projects/{projectId}/members — add an existing user (by email or userId) with a role
export const POST = projectRoute(async ({ ctx, body }) => created(await addMember({ ctx, input: await body() })));
