import { z } from "zod";
import { Id, Timestamp } from "@/lib/api/schemas";
import { ProjectRoleSchema } from "@/lib/projects/schemas";
import { Email } from "@/lib/users/schemas";

export const AddMemberInput = z
  .strictObject({
    email: Email.optional().describe("The user's email (case-insensitive); give this or userId"),
    userId: Id.optional().describe("The user's id; give this or email"),
    role: ProjectRoleSchema,
  })
  .superRefine((d, ctx) => {
    if (d.email === undefined && d.userId === undefined) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "Give the email or the userId of an existing user" });
    } else if (d.email !== undefined && d.userId !== undefined) {
      ctx.addIssue({ code: "custom", path: ["userId"], message: "Give either email or userId, not both" });
    }
  });
export type AddMemberInput = z.input<typeof AddMemberInput>;

export const UpdateMemberInput = z.strictObject({ role: ProjectRoleSchema });
export type UpdateMemberInput = z.input<typeof UpdateMemberInput>;

export const Member = z.object({
  userId: Id,
  email: z.string(),
  name: z.string(),
  role: ProjectRoleSchema,
  disabled: z.boolean().describe("The user is disabled instance-wide and cannot sign in or use keys"),
  createdAt: Timestamp.describe("When the user joined the project"),
});
export type Member = z.infer<typeof Member>;
