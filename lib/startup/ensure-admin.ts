import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { generatePassword, hashPassword } from "@/lib/auth/password";

export const DEFAULT_ADMIN_EMAIL = "admin@qa-studio.local";

export type AdminLogin = { id: string; email: string; generatedPassword: string | null; created: boolean };

/**
 * Makes sure an instance admin exists. The configured email is created (or promoted) on first
 * start; an existing user's password is never reset from the environment.
 */
export async function ensureAdmin(db: Db, opts: { email?: string; password?: string }): Promise<AdminLogin> {
  if (!opts.email) {
    const [existing] = await db.select().from(users).where(eq(users.isAdmin, true)).orderBy(users.createdAt).limit(1);
    if (existing) return { id: existing.id, email: existing.email, generatedPassword: null, created: false };
  }
  const email = opts.email ?? DEFAULT_ADMIN_EMAIL;
  const generatedPassword = opts.password ? null : generatePassword();
  const passwordHash = await hashPassword(opts.password ?? generatedPassword!);
  const inserted = await db
    .insert(users)
    .values({ email, name: "Admin", isAdmin: true, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted[0]) return { id: inserted[0].id, email, generatedPassword, created: true };
  const [user] = await db
    .update(users)
    .set({ isAdmin: true })
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .returning({ id: users.id, email: users.email });
  return { id: user.id, email: user.email, generatedPassword: null, created: false };
}
