import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "./password";

/** The user for an email and password, or null; disabled users cannot sign in. */
export async function verifyCredentials(db: Db, email: string, password: string) {
  if (!email || !password) return null;
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  if (!user || user.disabledAt || !(await verifyPassword(password, user.passwordHash))) return null;
  return user;
}
