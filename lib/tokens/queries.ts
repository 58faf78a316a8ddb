import { and, desc, eq, sql } from "drizzle-orm";
import { apiKeys, projects } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import type { Ctx } from "@/lib/context";
import type { ApiKey } from "./schemas";

const iso = (d: Date | null) => d?.toISOString() ?? null;

type KeyRow = { key: typeof apiKeys.$inferSelect; project: { id: string; key: string; name: string } | null };

export function toApiKey({ key, project }: KeyRow): ApiKey {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    project,
    readOnly: key.readOnly,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: iso(key.lastUsedAt),
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
  };
}

const createdKey = sql<string>`to_char(${apiKeys.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The caller's own keys, newest first, including revoked ones (marked). */
export async function listApiKeys(ctx: Ctx, params: PageParams): Promise<Page<ApiKey>> {
  const after = decodeCursor(params.cursor, ["instant", "text"]);
  const rows = await ctx.db
    .select({
      key: apiKeys,
      project: { id: projects.id, key: projects.key, name: projects.name },
      createdKey,
    })
    .from(apiKeys)
    .leftJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(
      and(
        eq(apiKeys.userId, ctx.actor.userId),
        after && sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${after[0]}::timestamptz, ${after[1]})`,
      ),
    )
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => [r.createdKey, r.key.id], toApiKey);
}
