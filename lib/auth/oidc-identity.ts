import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/context";
import { PG, pgErrorCode } from "@/lib/errors";

/** A person as the single sign-on provider vouches for them. */
export type ExternalIdentity = {
  /** The issuer URL: stored as the account's provider, so that switching issuers never reuses a link. */
  issuer: string;
  /** The issuer's stable id for the person (`sub`). */
  subject: string;
  /** Auth.js's account type, "oidc" or "oauth". */
  type: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
};

export type IdentityRefusal = "disabled" | "unverified_email" | "no_account";

export type IdentityResult =
  | { ok: true; userId: string; via: "account" | "email" | "created" }
  | { ok: false; reason: IdentityRefusal };

/**
 * Maps an external identity to one of our users, in this order:
 * 1. an identity linked before (accounts: issuer + subject) signs in as its user;
 * 2. otherwise a user with the same **verified** email is linked to it, so people the admin
 *    invited can use single sign-on at once;
 * 3. otherwise a user is created, with no project membership, so they see nothing until a
 *    project admin adds them (`createUsers: false` refuses them instead).
 * Disabled users are refused in every case. An unverified email never matches or creates a
 * user: whoever controls the provider account could otherwise claim someone else's address.
 */
export async function resolveExternalIdentity(db: Db, identity: ExternalIdentity, opts: { createUsers: boolean }): Promise<IdentityResult> {
  try {
    return await resolveOnce(db, identity, opts);
  } catch (err) {
    // A concurrent first sign-in of the same person linked or created first; use its result.
    if (pgErrorCode(err) !== PG.uniqueViolation) throw err;
    return resolveOnce(db, identity, opts);
  }
}

async function resolveOnce(db: Db, identity: ExternalIdentity, opts: { createUsers: boolean }): Promise<IdentityResult> {
  const linked = await linkedUser(db, identity.issuer, identity.subject);
  if (linked) return linked.disabledAt ? { ok: false, reason: "disabled" } : { ok: true, userId: linked.id, via: "account" };
  const email = identity.email;
  if (!email || !identity.emailVerified) return { ok: false, reason: "unverified_email" };

  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
    if (existing?.disabledAt) return { ok: false, reason: "disabled" } as const;
    if (!existing && !opts.createUsers) return { ok: false, reason: "no_account" } as const;
    const user =
      existing ??
      (await tx
        .insert(users)
        .values({ email, name: identity.name?.trim().slice(0, 200) || email.split("@")[0] })
        .returning())[0];
    await tx.insert(accounts).values({ userId: user.id, type: identity.type, provider: identity.issuer, providerAccountId: identity.subject });
    const ctx = { db, requestId: randomUUID(), actor: actorOf(user) };
    if (!existing) {
      await recordAudit(tx, ctx, {
        projectId: null,
        action: "user.create",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email, name: user.name, isAdmin: false, via: "single sign-on" },
      });
    }
    await linkAudit(tx, ctx, user.id, identity);
    return { ok: true, userId: user.id, via: existing ? "email" : "created" } as const;
  });
}

async function linkedUser(db: Db | Tx, issuer: string, subject: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, disabledAt: users.disabledAt })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.provider, issuer), eq(accounts.providerAccountId, subject)));
  return row;
}

/** Our user id for a linked identity, for the session token (resolveExternalIdentity links first). */
export async function linkedUserId(db: Db, issuer: string, subject: string): Promise<{ id: string; email: string; name: string } | undefined> {
  const row = await linkedUser(db, issuer, subject);
  return row && !row.disabledAt ? { id: row.id, email: row.email, name: row.name } : undefined;
}

function actorOf(user: { id: string; email: string; name: string; isAdmin: boolean }): Actor {
  return { userId: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, apiKey: null };
}

async function linkAudit(tx: Tx, ctx: Parameters<typeof recordAudit>[1], userId: string, identity: ExternalIdentity) {
  await recordAudit(tx, ctx, {
    projectId: null,
    action: "user.link_identity",
    entityType: "user",
    entityId: userId,
    after: { issuer: identity.issuer, subject: identity.subject },
  });
}
