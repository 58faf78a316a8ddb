import { ConflictError, PG, pgErrorCode } from "@/lib/errors";

/** Maps the sibling-name violation to a 409; other errors pass through unchanged. */
export function duplicateSuiteName(err: unknown, name?: string): unknown {
  if (pgErrorCode(err) !== PG.uniqueViolation) return err;
  const what = name ? `A suite named "${name}"` : "A suite with this name";
  return new ConflictError(`${what} already exists at this level.`, [{ field: "name", message: "Already taken" }]);
}
