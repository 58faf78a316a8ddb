import { users } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { requireInstanceAdmin } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { duplicateEmail } from "./errors";
import { toUser } from "./queries";
import { CreateUserInput, type SavedUser } from "./schemas";

/**
 * Creates a user. Without a password it is an invite: a generated temporary password is
 * returned in the result, once; nothing is e-mailed.
 */
export async function createUser({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<SavedUser> {
  requireInstanceAdmin(ctx);
  const data = parse(CreateUserInput, input);
  const temporaryPassword = data.password === undefined ? generatePassword() : null;
  // Hashing is deliberately slow; do it before the transaction holds anything.
  const passwordHash = await hashPassword(data.password ?? temporaryPassword!);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ email: data.email, name: data.name, isAdmin: data.isAdmin, passwordHash })
        .returning();
      await recordAudit(tx, ctx, {
        projectId: null,
        action: "user.create",
        entityType: "user",
        entityId: row.id,
        after: { email: row.email, name: row.name, isAdmin: row.isAdmin, invited: temporaryPassword !== null },
      });
      return { ...toUser(row), temporaryPassword };
    });
  } catch (err) {
    throw duplicateEmail(err, data.email);
  }
}
