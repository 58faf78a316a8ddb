import { z } from "zod";
import { Description, Id, Timestamp } from "@/lib/api/schemas";

const EnvironmentName = z.string().trim().min(1, "Must not be empty").max(100);

export const CreateEnvironmentInput = z.strictObject({
  name: EnvironmentName,
  description: Description.default(""),
});
export type CreateEnvironmentInput = z.input<typeof CreateEnvironmentInput>;

export const UpdateEnvironmentInput = z.strictObject({
  name: EnvironmentName.optional(),
  description: Description.optional(),
});

export const Environment = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  description: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Environment = z.infer<typeof Environment>;
