import { ConflictError, PG, pgErrorCode } from "@/lib/errors";

/** Maps the case-insensitive unique email violation to a 409; other errors pass through unchanged. */
export function duplicateEmail(err: unknown, email: string): unknown {
  if (pgErrorCode(err) !== PG.uniqueViolation) return err;
  return new ConflictError(`A user with the email ${email} already exists.`, [{ field: "email", message: "Already taken" }]);
}
