import { z } from "zod";
import { Description, Id, Name, Timestamp } from "@/lib/api/schemas";

export const ProjectKey = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,10}$/, "Use 2 to 10 characters of A–Z and 0–9, like ECOM");

export const CreateProjectInput = z.strictObject({
  name: Name,
  key: ProjectKey,
  description: Description.default(""),
});
export type CreateProjectInput = z.input<typeof CreateProjectInput>;

export const UpdateProjectInput = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
});
export type UpdateProjectInput = z.input<typeof UpdateProjectInput>;

export const ProjectRoleSchema = z.enum(["ADMIN", "TESTER", "VIEWER"]);

export const Project = z.object({
  id: Id,
  key: z.string(),
  name: z.string(),
  description: z.string(),
  role: ProjectRoleSchema.describe("Your effective role in the project"),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Project = z.infer<typeof Project>;
