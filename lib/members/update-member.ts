import { and, eq } from "drizzle-orm";
import { projectMembers } from "@/db/schema";
import { parse } from "@/lib/api/parse";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { getMember, isLastAdmin, lockMembers } from "./queries";
import { UpdateMemberInput, type Member } from "./schemas";

/** Changes a member's role; their API keys follow on the next request. The last ADMIN stays ADMIN. */
export async function updateMember({ ctx, userId, input }: { ctx: ProjectCtx; userId: string; input: unknown }): Promise<Member> {
  authorize(ctx, "member:manage");
  const data = parse(UpdateMemberInput, input);
  return ctx.db.transaction(async (tx) => {
    const members = await lockMembers(tx, ctx.project.id);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw new NotFoundError("Member");
    if (target.role === data.role) return getMember(tx, ctx.project.id, userId);
    if (isLastAdmin(members, userId)) {
      throw new ConflictError(`This is the last ADMIN of ${ctx.project.key}; make another member ADMIN first.`, [
        { field: "role", message: "The project needs at least one ADMIN" },
      ]);
    }
    await tx
      .update(projectMembers)
      .set({ role: data.role })
      .where(and(eq(projectMembers.projectId, ctx.project.id), eq(projectMembers.userId, userId)));
    const member = await getMember(tx, ctx.project.id, userId);
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "member.update",
      entityType: "member",
      entityId: userId,
      before: { role: target.role },
      after: { role: data.role },
    });
    return member;
  });
}
