import { eq, sql } from "drizzle-orm";
import { projectMembers, users } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, ValidationError } from "@/lib/errors";
import { getMember } from "./queries";
import { AddMemberInput, type Member } from "./schemas";

/** Adds an existing user to the project. Users are created by instance admins, never here. */
export async function addMember({ ctx, input }: { ctx: ProjectCtx; input: unknown }): Promise<Member> {
  authorize(ctx, "member:manage");
  const data = parse(AddMemberInput, input);
  const field = data.email !== undefined ? "email" : "userId";
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(data.email !== undefined ? eq(sql`lower(${users.email})`, data.email.toLowerCase()) : eq(users.id, data.userId!));
    if (!user) {
      throw ValidationError.field(field, `No user has this ${field === "email" ? "email" : "id"}; an instance admin can create one`);
    }
    const inserted = await tx
      .insert(projectMembers)
      .values({ projectId: ctx.project.id, userId: user.id, role: data.role })
      .onConflictDoNothing()
      .returning({ userId: projectMembers.userId });
    if (!inserted.length) {
      throw new ConflictError(`${user.email} is already a member of ${ctx.project.key}; change their role instead.`, [
        { field, message: "Already a member" },
      ]);
    }
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "member.add",
      entityType: "member",
      entityId: user.id,
      after: { email: user.email, role: data.role },
    });
    return getMember(tx, ctx.project.id, user.id);
  });
}
