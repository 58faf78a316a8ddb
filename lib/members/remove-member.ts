import { and, eq } from "drizzle-orm";
import { projectMembers } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { getMember, isLastAdmin, lockMembers } from "./queries";

/** Removes a member from the project; the user and their API keys lose access at once. The last ADMIN stays. */
export async function removeMember({ ctx, userId }: { ctx: ProjectCtx; userId: string }): Promise<void> {
  authorize(ctx, "member:manage");
  await ctx.db.transaction(async (tx) => {
    const members = await lockMembers(tx, ctx.project.id);
    if (!members.some((m) => m.userId === userId)) throw new NotFoundError("Member");
    if (isLastAdmin(members, userId)) {
      throw new ConflictError(`This is the last ADMIN of ${ctx.project.key}; make another member ADMIN first.`);
    }
    const member = await getMember(tx, ctx.project.id, userId);
    await tx.delete(projectMembers).where(and(eq(projectMembers.projectId, ctx.project.id), eq(projectMembers.userId, userId)));
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "member.remove",
      entityType: "member",
      entityId: userId,
      before: { email: member.email, role: member.role },
    });
  });
}
