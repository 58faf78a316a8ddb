import type { ZodError } from "zod";

export type ErrorDetail = { field: string; message: string };

/** Every expected failure is one of these; the HTTP status comes from ERROR_STATUS only. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A service we call on the caller's behalf (Jira) refused or could not be reached. */
  UPSTREAM_FAILED: 502,
  /** This instance cannot serve yet (GET /api/ready): its database, migrations or job queue. */
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super("VALIDATION_FAILED", message, details);
  }
  static fromZod(err: ZodError, prefix?: string): ValidationError {
    const name = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join(".") || "(body)";
    const details = err.issues.flatMap((i) =>
      // Strict objects report unknown fields together; name each one so a typo is easy to spot.
      i.code === "unrecognized_keys"
        ? i.keys.map((key) => ({ field: name([...i.path, key]), message: "Unknown field" }))
        : [{ field: name(i.path), message: i.message }],
    );
    return new ValidationError(`Invalid input: ${details.map((d) => d.field).join(", ")}`, details);
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError(`Invalid input: ${field}`, [{ field, message }]);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "Sign in or send an API key as `Authorization: Bearer qas_...`.") {
    super("UNAUTHENTICATED", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this.") {
    super("FORBIDDEN", message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("NOT_FOUND", `${what} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super("CONFLICT", message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super("PAYLOAD_TOO_LARGE", message);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = "Send JSON with `Content-Type: application/json`.") {
    super("UNSUPPORTED_MEDIA_TYPE", message);
  }
}

export class InvalidJsonError extends AppError {
  constructor(message: string) {
    super("INVALID_JSON", message);
  }
}

export function errorBody(err: AppError) {
  return { error: { code: err.code, message: err.message, details: err.details } };
}

/** Postgres error codes a domain verb may turn into a typed error. */
export const PG = { uniqueViolation: "23505", foreignKeyViolation: "23503", checkViolation: "23514" } as const;

/** Postgres errors arrive wrapped differently by postgres.js, PGlite and Drizzle; find the code. */
export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function pgConstraint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const c = (e as { constraint?: unknown; constraint_name?: unknown }).constraint ?? (e as { constraint_name?: unknown }).constraint_name;
    if (typeof c === "string") return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
