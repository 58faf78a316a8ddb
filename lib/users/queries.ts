import { and, asc, sql, type SQL } from "drizzle-orm";
import { users } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import { requireInstanceAdmin } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { escapeLike } from "@/lib/sql";
import type { User } from "./schemas";

export function toUser(row: typeof users.$inferSelect): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.isAdmin,
    disabled: row.disabledAt !== null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const emailKey = sql<string>`lower(${users.email})`;

/** Every user of the instance by email; instance admins only. */
export async function listUsers(ctx: Ctx, filter: { q?: string }, params: PageParams): Promise<Page<User>> {
  requireInstanceAdmin(ctx, "read");
  const after = decodeCursor(params.cursor, ["text", "text"]);
  const conditions: (SQL | undefined)[] = [];
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    conditions.push(sql`(${users.email} ilike ${like} or ${users.name} ilike ${like})`);
  }
  if (after) conditions.push(sql`(${emailKey}, ${users.id}) > (${after[0]}, ${after[1]})`);
  const rows = await ctx.db
    .select({ user: users, emailKey })
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(emailKey), asc(users.id))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => [r.emailKey, r.user.id], (r) => toUser(r.user));
}
