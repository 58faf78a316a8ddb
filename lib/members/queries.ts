import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { projectMembers, users } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import type { Member } from "./schemas";

const emailKey = sql<string>`lower(${users.email})`;

const memberColumns = {
  userId: projectMembers.userId,
  email: users.email,
  name: users.name,
  role: projectMembers.role,
  disabledAt: users.disabledAt,
  createdAt: projectMembers.createdAt,
};

type MemberRow = { userId: string; email: string; name: string; role: Member["role"]; disabledAt: Date | null; createdAt: Date };

export function toMember(row: MemberRow): Member {
  return {
    userId: row.userId,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The project's members by email. Every member may see who else is in the project. */
export async function listMembers(ctx: ProjectCtx, params: PageParams): Promise<Page<Member>> {
  authorize(ctx, "project:read");
  const after = decodeCursor(params.cursor, ["text", "text"]);
  const rows = await ctx.db
    .select({ ...memberColumns, emailKey })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(
      and(
        eq(projectMembers.projectId, ctx.project.id),
        after && sql`(${emailKey}, ${projectMembers.userId}) > (${after[0]}, ${after[1]})`,
      ),
    )
    .orderBy(asc(emailKey), asc(projectMembers.userId))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => [r.emailKey, r.userId], toMember);
}

export async function getMember(db: Pick<Tx, "select">, projectId: string, userId: string): Promise<Member> {
  const [row] = await db
    .select(memberColumns)
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  if (!row) throw new NotFoundError("Member");
  return toMember(row);
}

/**
 * Locks every member row of the project for the rest of the transaction and returns them.
 * Verbs that could leave a project without an ADMIN call this before counting, so two
 * concurrent demotions or removals cannot both see the other ADMIN still in place.
 */
export async function lockMembers(tx: Tx, projectId: string) {
  return tx
    .select({ userId: projectMembers.userId, role: projectMembers.role })
    .from(projectMembers)
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(projectMembers.userId))
    .for("update");
}

/** Whether taking away `userId`'s ADMIN role would leave the project without one. */
export function isLastAdmin(members: { userId: string; role: string }[], userId: string): boolean {
  const admins = members.filter((m) => m.role === "ADMIN");
  return admins.length === 1 && admins[0].userId === userId;
}
