import { created, json, route } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/queries";
import { UserListQuery } from "@/lib/users/schemas";

// GET /api/users — every user by email, filtered by `q` (instance admins)
export const GET = route(async ({ ctx, query }) => {
  const { q, ...page } = parse(UserListQuery, query);
  return json(await listUsers(ctx, { q }, page));
});

// POST /api/users — create a user, or invite one with a temporary password returned once (instance admins)
export const POST = route(async ({ ctx, body }) => created(await createUser({ ctx, input: await body() })));
