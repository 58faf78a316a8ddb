import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { changedFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record-audit";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { requireInstanceAdmin } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { toUser } from "./queries";
import { UpdateUserInput, type SavedUser } from "./schemas";

/**
 * Renames, disables or enables, promotes or demotes a user, or resets their password. Disabling
 * takes effect on the user's next request (sessions and API keys are checked every time); a new
 * password ends the user's sessions (API keys keep working: they are not signed in with it).
 * Admins cannot disable or demote themselves, and the last active instance admin stays one.
 */
export async function updateUser({ ctx, userId, input }: { ctx: Ctx; userId: string; input: unknown }): Promise<SavedUser> {
  requireInstanceAdmin(ctx);
  const data = parse(UpdateUserInput, input);
  const temporaryPassword = data.generatePassword ? generatePassword() : null;
  const newPassword = data.password ?? temporaryPassword;
  const passwordHash = newPassword === null ? undefined : await hashPassword(newPassword);
  const removesAdmin = data.disabled === true || data.isAdmin === false;

  return ctx.db.transaction(async (tx) => {
    // Lock the active admins first, always in id order, so two admins demoting each other at
    // once are serialised instead of both seeing the other still in place (or deadlocking).
    const activeAdmins = removesAdmin
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.isAdmin, true), isNull(users.disabledAt)))
          .orderBy(asc(users.id))
          .for("update")
      : [];
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new NotFoundError("User");

    if (userId === ctx.actor.userId) {
      if (data.disabled === true) throw new ConflictError("You cannot disable yourself.", [{ field: "disabled", message: "Not for your own account" }]);
      if (data.isAdmin === false) throw new ConflictError("You cannot remove your own admin rights.", [{ field: "isAdmin", message: "Not for your own account" }]);
    }
    const isActiveAdmin = before.isAdmin && before.disabledAt === null;
    if (isActiveAdmin && removesAdmin && activeAdmins.length <= 1) {
      const field = data.disabled === true ? "disabled" : "isAdmin";
      throw new ConflictError(`${before.email} is the last active instance admin; make someone else an admin first.`, [
        { field, message: "The last active instance admin" },
      ]);
    }

    const changes = changedFields(
      { name: before.name, isAdmin: before.isAdmin, disabled: before.disabledAt !== null },
      { name: data.name, isAdmin: data.isAdmin, disabled: data.disabled },
    );
    if (Object.keys(changes.after).length === 0 && passwordHash === undefined) return { ...toUser(before), temporaryPassword };

    const disabledAt = changes.after.disabled === undefined ? undefined : data.disabled ? sql`now()` : null;
    const [row] = await tx
      .update(users)
      .set({
        name: data.name,
        isAdmin: data.isAdmin,
        passwordHash,
        // A new password ends every session signed in with the old one (lib/auth/session-version.ts).
        sessionVersion: passwordHash === undefined ? undefined : sql`${users.sessionVersion} + 1`,
        disabledAt,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, userId))
      .returning();
    await recordAudit(tx, ctx, {
      projectId: null,
      action: "user.update",
      entityType: "user",
      entityId: row.id,
      before: changes.before,
      // The password itself never reaches the audit log; that it was reset does.
      after: passwordHash === undefined ? changes.after : { ...changes.after, password: temporaryPassword ? "generated" : "set" },
    });
    return { ...toUser(row), temporaryPassword };
  });
}
