import { z } from "zod";

/** Shared building blocks for input and output schemas; zod only, safe for client components. */
export const Id = z.string().min(1).max(100);
/** Instants in responses. Inputs use DateTimeInput / dayOrDateTime, which check the range. */
export const Timestamp = z.iso.datetime({ offset: true });

/**
 * The dates the API accepts, in UTC: from 1970-01-01 to 9999-12-31. Postgres has no year 0, years
 * past 9999 no longer round-trip as ISO-8601, and nothing QA Studio records predates 1970.
 */
export const DATE_RANGE = { minYear: 1970, maxYear: 9999 } as const;
export const DATE_RANGE_MESSAGE = `Must be between the years ${DATE_RANGE.minYear} and ${DATE_RANGE.maxYear} (UTC)`;
export function inDateRange(d: Date): boolean {
  const year = d.getUTCFullYear();
  return !Number.isNaN(d.getTime()) && year >= DATE_RANGE.minYear && year <= DATE_RANGE.maxYear;
}

/** An ISO-8601 timestamp with offset, within DATE_RANGE; stays a string. */
export const DateTimeInput = z.iso
  .datetime({ offset: true })
  // An unparseable value is already reported by the format check; report it once.
  .refine((s) => Number.isNaN(Date.parse(s)) || inDateRange(new Date(s)), DATE_RANGE_MESSAGE);

/**
 * An ISO-8601 timestamp, or a plain date (what `<input type="date">` sends) that `day` turns into
 * an instant (the start or the end of that day); a Date within DATE_RANGE.
 */
export function dayOrDateTime(day: (date: string) => Date, error?: string) {
  return z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], error ? { error } : undefined)
    .transform((s) => (s.length === 10 ? day(s) : new Date(s)))
    .refine(inDateRange, DATE_RANGE_MESSAGE);
}
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
