import { ConflictError, PG, pgConstraint, pgErrorCode } from "@/lib/errors";

/** A second requirement with the same key in a project is a 409 naming the key. */
export function duplicateRequirementKey(err: unknown, key: string): unknown {
  if (pgErrorCode(err) === PG.uniqueViolation && pgConstraint(err) === "requirements_project_key_key") {
    return new ConflictError(`Requirement ${key} already exists in this project.`, [{ field: "key", message: "Already used by another requirement" }]);
  }
  return err;
}
