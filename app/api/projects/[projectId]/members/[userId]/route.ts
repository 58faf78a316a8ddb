import { json, noContent, projectRoute } from "@/lib/api/handler";
import { removeMember } from "@/lib/members/remove-member";
import { updateMember } from "@/lib/members/update-member";

type Params = { projectId: string; userId: string };

// PATCH /api/projects/{projectId}/members/{userId} — change a member's role
export const PATCH = projectRoute<Params>(async ({ ctx, params, body }) =>
  json(await updateMember({ ctx, userId: params.userId, input: await body() })),
);

// DELETE /api/projects/{projectId}/members/{userId} — remove a member from the project
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await removeMember({ ctx, userId: params.userId });
  return noContent();
});
