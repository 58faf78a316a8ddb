import { z } from "zod";
import { DateTimeInput, Id, Name, Timestamp } from "@/lib/api/schemas";

export const CreateApiKeyInput = z.strictObject({
  name: Name,
  projectId: z.string().min(1).max(100).nullable().default(null).describe("Limit the key to one project (id or key)"),
  readOnly: z.boolean().default(false),
  expiresAt: DateTimeInput.nullable()
    .default(null)
    // An unparseable value is already reported by the format check; report it once.
    .refine((s) => s === null || Number.isNaN(Date.parse(s)) || Date.parse(s) > Date.now(), "Must be in the future"),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string().describe("The first characters of the key, to tell keys apart"),
  project: z.object({ id: Id, key: z.string(), name: z.string() }).nullable(),
  readOnly: z.boolean(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreatedApiKey = ApiKey.extend({
  key: z.string().describe("The key itself. It is shown this once and cannot be retrieved later."),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
