import { eq, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { loginAttempts } from "@/db/schema";
import { errorResponse } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { trustedProxies } from "@/lib/env";
import { clientAddress } from "./client-address";
import { rowsOf } from "@/lib/sql";

/**
 * Failed sign-ins allowed in a sliding window, per account (email) and per client IP. Past
 * either limit even the right password is refused until enough failures have aged out. The
 * IP limit is wider because offices and VPNs put many people behind one address.
 */
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  perAccount: 5,
  perIp: 30,
} as const;

export type SignInKey = { email: string; ip: string };
export type SignInLimit = { limited: false } | { limited: true; retryAfterSeconds: number };

export class SignInRateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", rateLimitMessage(retryAfterSeconds), [], { "Retry-After": String(retryAfterSeconds) });
  }
}

export function rateLimitMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many sign-in attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

/** Emails are compared case-insensitively; a very long one is cut so it cannot bloat the table. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase().slice(0, 320);
}

type HeaderSource = { get(name: string): string | null };

/**
 * The client address the per-IP limit counts: the socket's peer, or what the trusted proxies of
 * QA_STUDIO_TRUSTED_PROXIES report (lib/auth/client-address.ts). Never a value the client chose.
 */
export function clientIp(headers: HeaderSource): string {
  return clientAddress(headers, trustedProxies());
}

const WINDOW = sql.raw(`interval '${SIGN_IN_LIMITS.windowSeconds} seconds'`);

/**
 * Failures counted for one scope, and the seconds until it drops below `limit`: when the
 * limit-th newest failure leaves the window. For an account, a success wipes the slate; for an
 * IP it does not, or a valid account would let an attacker reset the IP's count at will.
 */
async function scopeStatus(db: Db, where: SQL, limit: number, resetOnSuccess: boolean) {
  const sinceSuccess = resetOnSuccess
    ? sql`and created_at > coalesce((select max(created_at) from recent where succeeded), '-infinity'::timestamptz)`
    : sql``;
  const res = await db.execute(sql`
    with recent as (
      select created_at, succeeded from login_attempts where ${where} and created_at > now() - ${WINDOW}
    ),
    failures as (select created_at from recent where not succeeded ${sinceSuccess})
    select
      (select count(*) from failures)::int as failures,
      (select ceil(extract(epoch from (created_at + ${WINDOW} - now())))::int
         from failures order by created_at desc offset ${sql.raw(String(limit - 1))} limit 1) as retry_after
  `);
  const [row] = rowsOf<{ failures: number; retry_after: number | null }>(res);
  return { failures: Number(row.failures), retryAfterSeconds: Math.max(1, Number(row.retry_after ?? 1)) };
}

async function statuses(db: Db, key: SignInKey): Promise<{ failures: number; retryAfterSeconds: number; limit: number }[]> {
  const email = normalizeEmail(key.email);
  const scope = async (where: SQL, limit: number, resetOnSuccess: boolean) => ({ ...(await scopeStatus(db, where, limit, resetOnSuccess)), limit });
  return Promise.all([
    scope(sql`ip = ${key.ip}`, SIGN_IN_LIMITS.perIp, false),
    ...(email ? [scope(sql`lower(email) = ${email}`, SIGN_IN_LIMITS.perAccount, true)] : []),
  ]);
}

/** Whether the next attempt for this account and IP would be refused; reads only. */
export async function signInLimit(db: Db, key: SignInKey): Promise<SignInLimit> {
  const over = (await statuses(db, key)).filter((s) => s.failures >= s.limit);
  if (!over.length) return { limited: false };
  return { limited: true, retryAfterSeconds: Math.max(...over.map((s) => s.retryAfterSeconds)) };
}

/** The same check on the app's database, for pages and route handlers that do not hold one. */
export function currentSignInLimit(key: SignInKey): Promise<SignInLimit> {
  return signInLimit(getDb(), key);
}

/**
 * Claims a password check. The attempt is recorded as a failure first and counted afterwards,
 * as two separate statements: whichever of two concurrent attempts counts last sees the other's
 * committed row, so instances racing each other can never get more than the limit of guesses
 * through. (Inside one transaction neither would see the other's uncommitted row.) A refused
 * claim is removed again, so that hammering a locked account does not extend its lock.
 */
export async function beginSignInAttempt(db: Db, key: SignInKey): Promise<{ attemptId: string } | Extract<SignInLimit, { limited: true }>> {
  const [row] = await db
    .insert(loginAttempts)
    .values({ email: normalizeEmail(key.email), ip: key.ip, succeeded: false })
    .returning({ id: loginAttempts.id });
  const over = (await statuses(db, key)).some((s) => s.failures > s.limit);
  if (!over) return { attemptId: row.id };
  await db.delete(loginAttempts).where(eq(loginAttempts.id, row.id));
  const now = await signInLimit(db, key);
  return { limited: true, retryAfterSeconds: now.limited ? now.retryAfterSeconds : 1 };
}

/** A claimed attempt stays a failure unless the password was right. */
export async function finishSignInAttempt(db: Db, attemptId: string, succeeded: boolean): Promise<void> {
  if (succeeded) await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
}

type Handler<R extends Request> = (req: R) => Promise<Response>;

/**
 * Guards Auth.js's credentials callback (`POST /api/auth/callback/credentials`), which scripts
 * can call directly: a limited account or IP gets 429 with Retry-After before Auth.js runs. The
 * password check inside Auth.js claims and records the attempt itself, so a request that raced
 * past this check is still refused there; its redirect is turned into the same 429.
 */
export function limitCredentialsCallback<R extends Request>(handler: Handler<R>): Handler<R> {
  return async (req) => {
    if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/callback/credentials")) return handler(req);
    const key = { email: await emailOf(req.clone()), ip: clientIp(req.headers) };
    const before = await currentSignInLimit(key);
    if (before.limited) return tooManyAttempts(before.retryAfterSeconds);
    const res = await handler(req);
    if (!/[?&]code=rate_limited\b/.test(res.headers.get("location") ?? "")) return res;
    const after = await currentSignInLimit(key);
    return tooManyAttempts(after.limited ? after.retryAfterSeconds : 1);
  };
}

function tooManyAttempts(retryAfterSeconds: number): Response {
  return errorResponse(new SignInRateLimitedError(retryAfterSeconds), crypto.randomUUID());
}

async function emailOf(req: Request): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/x-www-form-urlencoded")) return new URLSearchParams(await req.text()).get("email") ?? "";
    if (type.includes("application/json")) {
      const body: unknown = await req.json();
      const email = body && typeof body === "object" ? (body as { email?: unknown }).email : undefined;
      return typeof email === "string" ? email : "";
    }
  } catch {
    // A body Auth.js cannot read either; it refuses the request itself.
  }
  return "";
}
