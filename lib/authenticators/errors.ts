import { ConflictError, PG, pgErrorCode } from "@/lib/errors";

/** Maps the unique-name violation to a 409; other errors pass through unchanged. */
export function duplicateTokenName(err: unknown, name: string): unknown {
  if (pgErrorCode(err) !== PG.uniqueViolation) return err;
  return new ConflictError(`An authenticator token named "${name}" already exists in this project.`, [{ field: "name", message: "Already taken" }]);
}
