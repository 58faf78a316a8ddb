import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import { authenticatorTokens, users } from "@/db/schema";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { anyOf } from "@/lib/sql";
import type { AuthenticatorToken, TotpAlgorithm } from "./schemas";

type Row = typeof authenticatorTokens.$inferSelect & { createdByName: string | null };

const columns = {
  id: authenticatorTokens.id,
  projectId: authenticatorTokens.projectId,
  name: authenticatorTokens.name,
  issuer: authenticatorTokens.issuer,
  account: authenticatorTokens.account,
  secretCiphertext: authenticatorTokens.secretCiphertext,
  iv: authenticatorTokens.iv,
  authTag: authenticatorTokens.authTag,
  algorithm: authenticatorTokens.algorithm,
  digits: authenticatorTokens.digits,
  periodSeconds: authenticatorTokens.periodSeconds,
  createdById: authenticatorTokens.createdById,
  createdAt: authenticatorTokens.createdAt,
  updatedAt: authenticatorTokens.updatedAt,
  createdByName: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
};

/** Everything but the secret: the encrypted columns never leave lib/authenticators. */
export function toToken(row: Row): AuthenticatorToken {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    issuer: row.issuer,
    account: row.account,
    algorithm: row.algorithm as TotpAlgorithm,
    digits: row.digits,
    period: row.periodSeconds,
    createdBy: row.createdById ? { id: row.createdById, name: row.createdByName ?? "" } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function select(ctx: ProjectCtx) {
  return ctx.db.select(columns).from(authenticatorTokens).leftJoin(users, eq(users.id, authenticatorTokens.createdById));
}

/** Project members (viewers included) see which tokens exist, sorted by name. */
export async function listTokens(ctx: ProjectCtx, params: PageParams): Promise<Page<AuthenticatorToken>> {
  authorize(ctx, "project:read");
  const after = decodeCursor(params.cursor, ["text", "text"]);
  const lower = sql<string>`lower(${authenticatorTokens.name})`;
  const rows = await select(ctx)
    .where(
      and(
        eq(authenticatorTokens.projectId, ctx.project.id),
        after && or(gt(lower, after[0]), and(eq(lower, after[0]), gt(authenticatorTokens.id, after[1]))),
      ),
    )
    .orderBy(asc(lower), asc(authenticatorTokens.id))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (r) => [r.name.toLowerCase(), r.id], toToken);
}

/** One token's row with its encrypted secret, for the verbs in this folder. */
export async function tokenRow(ctx: ProjectCtx, tokenId: string): Promise<Row> {
  const [row] = await select(ctx).where(and(eq(authenticatorTokens.projectId, ctx.project.id), eq(authenticatorTokens.id, tokenId)));
  if (!row) throw new NotFoundError("Authenticator token");
  return row;
}

export async function getToken(ctx: ProjectCtx, tokenId: string): Promise<AuthenticatorToken> {
  authorize(ctx, "project:read");
  return toToken(await tokenRow(ctx, tokenId));
}

/** The tokens a case names by tag (names compare case-insensitively), for the execution view. */
export async function tokensForTags(ctx: ProjectCtx, tags: readonly string[]): Promise<AuthenticatorToken[]> {
  authorize(ctx, "project:read");
  if (!tags.length) return [];
  const rows = await select(ctx)
    .where(and(eq(authenticatorTokens.projectId, ctx.project.id), sql`lower(${authenticatorTokens.name}) = ${anyOf(tags.map((t) => t.toLowerCase()))}`))
    .orderBy(asc(sql`lower(${authenticatorTokens.name})`));
  return rows.map(toToken);
}
