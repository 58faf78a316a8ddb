import type { z } from "zod";
import { ValidationError } from "@/lib/errors";

/** Parses input with its zod schema; failures become a 400 naming each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error, prefix);
  return result.data;
}
