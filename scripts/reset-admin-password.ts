import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import { closeDb, getDb, isEmbedded, pgliteDir } from "../db/client";
import { embeddedHolderPid } from "../db/migrate";
import { users } from "../db/schema";
import { generatePassword, hashPassword } from "../lib/auth/password";

/**
 * `npm run admin:reset-password [email]`: sets a new generated password for an instance admin
 * (the first admin when no email is given) and prints it. For when the first-start password is lost.
 */
async function main() {
  if (isEmbedded() && embeddedHolderPid()) {
    console.error(`The embedded database in ${pgliteDir()} is held by the running server (pid ${embeddedHolderPid()}); stop it first.`);
    process.exit(1);
  }
  const email = process.argv[2];
  const db = getDb();
  const [admin] = await db
    .select()
    .from(users)
    .where(and(eq(users.isAdmin, true), email ? eq(sql`lower(${users.email})`, email.toLowerCase()) : undefined))
    .orderBy(users.createdAt)
    .limit(1);
  if (!admin) {
    console.error(email ? `No instance admin with email ${email}.` : "No instance admin exists yet; start the server once to create one.");
    process.exit(1);
  }
  const password = generatePassword();
  // Moving the session version on ends every session signed in with the old password.
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, admin.id));
  await closeDb();
  console.log(`New password for ${admin.email}: ${password}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
