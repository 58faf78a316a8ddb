import { z } from "zod";
import { Id, Name, PageParams, Timestamp } from "@/lib/api/schemas";

/** Trimmed; kept as typed but unique regardless of case. */
export const Email = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email("Must be an email address"))
  .meta({ format: "email" });

export const Password = z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters");

export const CreateUserInput = z.strictObject({
  email: Email,
  name: Name,
  password: Password.optional().describe("Leave out to invite: the server generates a temporary password and returns it once"),
  isAdmin: z.boolean().default(false).describe("Instance admin: manages users and every project"),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const UpdateUserInput = z
  .strictObject({
    name: Name.optional(),
    disabled: z.boolean().optional().describe("A disabled user's sessions and API keys stop working at once"),
    password: Password.optional().describe("Set a new password"),
    generatePassword: z.literal(true).optional().describe("Reset to a generated password, returned once as temporaryPassword"),
    isAdmin: z.boolean().optional(),
  })
  .refine((d) => !(d.password !== undefined && d.generatePassword), {
    path: ["generatePassword"],
    message: "Send either password or generatePassword, not both",
  });
export type UpdateUserInput = z.input<typeof UpdateUserInput>;

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  disabledAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

export const SavedUser = User.extend({
  temporaryPassword: z
    .string()
    .nullable()
    .describe("The password the server generated, shown this once; null when none was generated. No e-mail is sent: hand it over yourself."),
});
export type SavedUser = z.infer<typeof SavedUser>;

export const UserListQuery = PageParams.extend({
  q: z.string().trim().max(200).optional().describe("Email or name contains (case-insensitive)"),
});
