import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { getToken } from "next-auth/jwt";
import type { Db } from "@/db/client";
import { apiKeys, users } from "@/db/schema";
import { UnauthenticatedError } from "@/lib/errors";
import type { Actor } from "@/lib/context";
import { hashApiKey } from "./api-key-format";
import { tokenSessionVersion } from "./session-version";

export type Credentials = { kind: "bearer" | "cookie"; actor: Actor };

export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/** Resolves the caller from `Authorization: Bearer qas_...` or the Auth.js session cookie. */
export async function resolveCaller(db: Db, req: Request): Promise<Credentials> {
  const authz = req.headers.get("authorization");
  if (authz !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authz.trim());
    if (!match) throw new UnauthenticatedError("The Authorization header must be `Bearer qas_...`.");
    return { kind: "bearer", actor: await actorFromApiKey(db, match[1]) };
  }
  const session = await sessionToken(req);
  if (!session) throw new UnauthenticatedError();
  // Signed out, password changed or reset since this session began (lib/auth/session-version.ts).
  const actor = await actorFromUserId(db, session.userId, session.version ?? null);
  if (!actor) throw new UnauthenticatedError("Your session has ended; sign in again.");
  return { kind: "cookie", actor };
}

async function sessionToken(req: Request): Promise<{ userId: string; version: number | undefined } | undefined> {
  const cookie = req.headers.get("cookie") ?? "";
  const cookieName = SESSION_COOKIES.find((name) => cookie.includes(`${name}=`));
  if (!cookieName || !process.env.AUTH_SECRET) return undefined;
  const token = await getToken({
    req,
    secret: process.env.AUTH_SECRET,
    cookieName,
    secureCookie: cookieName.startsWith("__Secure-"),
  }).catch(() => null);
  return typeof token?.sub === "string" ? { userId: token.sub, version: tokenSessionVersion(token) } : undefined;
}

/**
 * Disabled users are refused on every request, not only at sign-in. A session's caller also
 * passes the session version its token carries (null: none), which must still be the user's.
 */
export async function actorFromUserId(db: Db, userId: string, sessionVersion?: number | null): Promise<Actor | undefined> {
  if (sessionVersion === null) return undefined;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt), sessionVersion === undefined ? undefined : eq(users.sessionVersion, sessionVersion)));
  return user && { userId: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, apiKey: null };
}

async function actorFromApiKey(db: Db, key: string): Promise<Actor> {
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      projectId: apiKeys.projectId,
      readOnly: apiKeys.readOnly,
      userId: users.id,
      email: users.email,
      name: users.name,
      isAdmin: users.isAdmin,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(
      and(
        eq(apiKeys.keyHash, hashApiKey(key)),
        isNull(apiKeys.revokedAt),
        isNull(users.disabledAt),
        or(isNull(apiKeys.expiresAt), sql`${apiKeys.expiresAt} > now()`),
      ),
    );
  if (!row) throw new UnauthenticatedError("This API key is unknown, revoked or expired.");
  // Touch last_used_at at most once a minute so a busy CI key does not write on every request.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, row.keyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
  return {
    userId: row.userId,
    email: row.email,
    name: row.name,
    isAdmin: row.isAdmin,
    apiKey: { id: row.keyId, projectId: row.projectId, readOnly: row.readOnly },
  };
}
