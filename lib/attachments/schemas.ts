import { z } from "zod";
import { Id, Timestamp } from "@/lib/api/schemas";

export const UploadAttachmentQuery = z.object({
  name: z.string().max(1000).optional().describe("The file's name, shown and used when downloading. Directories and control characters are removed."),
});

export const Attachment = z.object({
  id: Id,
  resultId: Id,
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string().describe("SHA-256 of the bytes, lowercase hex"),
  url: z.string().describe("Where to download the bytes: `/api/projects/{key}/attachments/{id}`"),
  createdAt: Timestamp,
});
export type Attachment = z.infer<typeof Attachment>;
