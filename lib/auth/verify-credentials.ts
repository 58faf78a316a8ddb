import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword, verifyPassword } from "./password";
import { beginSignInAttempt, finishSignInAttempt, type SignInKey } from "./rate-limit";

let decoyHash: Promise<string> | undefined;

/** The user for an email and password, or null; disabled users cannot sign in. */
export async function verifyCredentials(db: Db, email: string, password: string) {
  if (!email || !password) return null;
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  // Hash even for an unknown email, so that response times do not tell which accounts exist.
  decoyHash ??= hashPassword(randomBytes(16).toString("base64url"));
  const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user || !user.passwordHash || user.disabledAt || !matches) return null;
  return user;
}

export type PasswordSignIn =
  | { ok: true; user: NonNullable<Awaited<ReturnType<typeof verifyCredentials>>> }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * A sign-in with email and password from one client address: refused while the account or the
 * address is over its limit of failures, and recorded either way (lib/auth/rate-limit.ts).
 */
export async function signInWithPassword(db: Db, input: SignInKey & { password: string }): Promise<PasswordSignIn> {
  const claim = await beginSignInAttempt(db, input);
  if ("limited" in claim) return { ok: false, reason: "rate_limited", retryAfterSeconds: claim.retryAfterSeconds };
  const user = await verifyCredentials(db, input.email, input.password);
  await finishSignInAttempt(db, claim.attemptId, user !== null);
  return user ? { ok: true, user } : { ok: false, reason: "invalid" };
}
