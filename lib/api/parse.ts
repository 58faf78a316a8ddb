import type { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { assertStorableText } from "./storable-text";

/**
 * Parses input with its zod schema; failures become a 400 naming each field. Text Postgres cannot
 * store (NUL, lone surrogates) is refused here for every verb, whichever schema it uses.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  assertStorableText(input, prefix);
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error, prefix);
  return result.data;
}
