import { json, route } from "@/lib/api/handler";
import { updateUser } from "@/lib/users/update-user";

// PATCH /api/users/{userId} — rename, disable or enable, promote or demote, reset the password (instance admins)
export const PATCH = route<{ userId: string }>(async ({ ctx, params, body }) =>
  json(await updateUser({ ctx, userId: params.userId, input: await body() })),
);
