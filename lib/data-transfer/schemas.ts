import { z } from "zod";

/** The first line of an export file; anything else there is not an export. */
export const ExportHeader = z.object({
  t: z.literal("header"),
  format: z.literal("qa-studio-export"),
  version: z.number().int(),
  exportedAt: z.string(),
  migration: z.object({ tag: z.string().nullable(), hash: z.string(), createdAt: z.number() }),
  tables: z.array(z.string()),
  encryption: z.object({ secrets: z.number().int().min(0), keyCheck: z.string().nullable() }),
});

/** The last line: what the importer must have seen. */
export const ExportEnd = z.object({
  t: z.literal("end"),
  tables: z.record(z.string(), z.number().int().min(0)),
  files: z.number().int().min(0),
  fileBytes: z.number().int().min(0),
  missingFiles: z.number().int().min(0),
});
