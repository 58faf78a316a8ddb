import { z } from "zod";

/** Shared building blocks for input and output schemas; zod only, safe for client components. */
export const Id = z.string().min(1).max(100);
export const Timestamp = z.iso.datetime({ offset: true });
export const Name = z.string().trim().min(1, "Must not be empty").max(200);
export const Description = z.string().max(10_000);

/** `?status=ACTIVE,COMPLETED` → ["ACTIVE","COMPLETED"], each checked against the allowed values. */
export function csvEnum<T extends Readonly<Record<string, string>>>(values: z.ZodEnum<T>) {
  const allowed = values.options;
  const message = `Use one or more of ${allowed.join(", ")}, separated by commas`;
  return z
    .string()
    .transform((s) => s.split(",").map((v) => v.trim().toUpperCase()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every((v) => (allowed as string[]).includes(v)), message)
    .pipe(z.array(values));
}

export const PageParams = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type PageParams = z.infer<typeof PageParams>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })),
  }),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}
