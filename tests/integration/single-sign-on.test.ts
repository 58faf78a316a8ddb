import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { getDb } from "@/db/client";
import { accounts, auditLog, projectMembers, users } from "@/db/schema";
import { SESSION_COOKIES } from "@/lib/auth/actor";
import { singleSignOnName } from "@/lib/auth/config";
import { resolveExternalIdentity, type ExternalIdentity } from "@/lib/auth/oidc-identity";
import { decode } from "next-auth/jwt";
import { call, sessionCookie } from "../helpers/api";
import { startFakeIssuer } from "../helpers/fake-oidc-issuer";

const ISSUER = "https://id.example.test";
const uniq = () => randomBytes(4).toString("hex");

function identity(overrides: Partial<ExternalIdentity> = {}): ExternalIdentity {
  const id = uniq();
  return { issuer: ISSUER, subject: `sub-${id}`, type: "oidc", email: `sso-${id}@example.test`, emailVerified: true, name: "Sam Sso", ...overrides };
}

async function insertUser(values: { email?: string; disabled?: boolean } = {}) {
  const [user] = await getDb()
    .insert(users)
    .values({ email: values.email ?? `member-${uniq()}@example.test`, name: "Existing", disabledAt: values.disabled ? new Date() : null })
    .returning();
  return user;
}

const linksOf = (userId: string) => getDb().select().from(accounts).where(eq(accounts.userId, userId));

describe("mapping an external identity to a user", () => {
  it("creates a user with no project membership on a first sign-in with a new verified email", async () => {
    const who = identity();
    const result = await resolveExternalIdentity(getDb(), who, { createUsers: true });
    expect(result).toMatchObject({ ok: true, via: "created" });
    const userId = (result as { userId: string }).userId;
    const [user] = await getDb().select().from(users).where(eq(users.id, userId));
    expect(user).toMatchObject({ email: who.email, name: "Sam Sso", isAdmin: false, passwordHash: null, disabledAt: null });
    expect(await getDb().select().from(projectMembers).where(eq(projectMembers.userId, userId))).toEqual([]);
    expect(await linksOf(userId)).toMatchObject([{ provider: ISSUER, providerAccountId: who.subject, type: "oidc" }]);
    // The new user sees nothing until a project admin adds them.
    expect((await call("GET", "/api/projects", { cookie: await sessionCookie(userId) })).body.data).toEqual([]);
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.entityId, userId));
    expect(audit.map((a) => [a.action, a.actorUserId]).sort()).toEqual([
      ["user.create", userId],
      ["user.link_identity", userId],
    ]);
  });

  it("signs a linked identity in as its user, even after the email changed at the provider", async () => {
    const who = identity();
    const first = await resolveExternalIdentity(getDb(), who, { createUsers: true });
    const again = await resolveExternalIdentity(getDb(), { ...who, email: `renamed-${uniq()}@example.test` }, { createUsers: false });
    expect(again).toEqual({ ok: true, via: "account", userId: (first as { userId: string }).userId });
    // The same subject at another issuer is another person.
    const elsewhere = await resolveExternalIdentity(getDb(), { ...who, issuer: "https://other.example.test", email: null }, { createUsers: true });
    expect(elsewhere).toEqual({ ok: false, reason: "unverified_email" });
  });

  it("links an existing user by verified email, case-insensitively, without creating another", async () => {
    const existing = await insertUser();
    const who = identity({ email: existing.email.toUpperCase() });
    expect(await resolveExternalIdentity(getDb(), who, { createUsers: false })).toEqual({ ok: true, via: "email", userId: existing.id });
    expect(await linksOf(existing.id)).toMatchObject([{ provider: ISSUER, providerAccountId: who.subject }]);
    expect(await getDb().$count(users, eq(users.email, who.email!))).toBe(0);
  });

  it("never matches or creates on an unverified or missing email", async () => {
    const existing = await insertUser();
    for (const who of [identity({ email: existing.email, emailVerified: false }), identity({ email: null })]) {
      expect(await resolveExternalIdentity(getDb(), who, { createUsers: true })).toEqual({ ok: false, reason: "unverified_email" });
      expect(await getDb().$count(accounts, eq(accounts.providerAccountId, who.subject))).toBe(0);
    }
    expect(await linksOf(existing.id)).toEqual([]);
  });

  it("refuses disabled users, whether linked already or matched by email, and links nothing", async () => {
    const disabled = await insertUser({ disabled: true });
    const byEmail = identity({ email: disabled.email });
    expect(await resolveExternalIdentity(getDb(), byEmail, { createUsers: true })).toEqual({ ok: false, reason: "disabled" });
    expect(await linksOf(disabled.id)).toEqual([]);

    const who = identity();
    const { userId } = (await resolveExternalIdentity(getDb(), who, { createUsers: true })) as { userId: string };
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    expect(await resolveExternalIdentity(getDb(), who, { createUsers: true })).toEqual({ ok: false, reason: "disabled" });
  });

  it("refuses unknown people when user creation is off", async () => {
    const who = identity();
    expect(await resolveExternalIdentity(getDb(), who, { createUsers: false })).toEqual({ ok: false, reason: "no_account" });
    expect(await getDb().$count(users, eq(users.email, who.email!))).toBe(0);
  });

  it("creates one user and one link when the same person signs in twice at once", async () => {
    const who = identity();
    const results = await Promise.all([1, 2, 3].map(() => resolveExternalIdentity(getDb(), who, { createUsers: true })));
    const ids = new Set(results.map((r) => (r as { userId: string }).userId));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await getDb().$count(accounts, and(eq(accounts.provider, ISSUER), eq(accounts.providerAccountId, who.subject)))).toBe(1);
  });
});

// --- A full sign-in through Auth.js against a local OpenID Connect issuer ---

const CLIENT = { id: "qa-studio-test", secret: `secret-${uniq()}` };
const ENV_KEYS = ["QA_STUDIO_OIDC_ISSUER", "QA_STUDIO_OIDC_CLIENT_ID", "QA_STUDIO_OIDC_CLIENT_SECRET", "QA_STUDIO_OIDC_NAME"] as const;
let fake: Awaited<ReturnType<typeof startFakeIssuer>>;

beforeAll(async () => {
  fake = await startFakeIssuer(CLIENT);
});
afterAll(async () => {
  for (const k of ENV_KEYS) delete process.env[k];
  await fake?.close();
});

function configure(on: boolean) {
  if (!on) for (const k of ENV_KEYS) delete process.env[k];
  else {
    process.env.QA_STUDIO_OIDC_ISSUER = fake.issuer;
    process.env.QA_STUDIO_OIDC_CLIENT_ID = CLIENT.id;
    process.env.QA_STUDIO_OIDC_CLIENT_SECRET = CLIENT.secret;
    process.env.QA_STUDIO_OIDC_NAME = "Acme ID";
  }
}

type Jar = Map<string, string>;
function remember(jar: Jar, res: Response) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function auth(jar: Jar, method: "GET" | "POST", url: string, form?: Record<string, string>): Promise<Response> {
  const handler = method === "GET" ? GET : POST;
  const headers: Record<string, string> = { cookie: cookieHeader(jar) };
  if (form) headers["content-type"] = "application/x-www-form-urlencoded";
  const res = await handler(new Request(new URL(url, "http://localhost:3000"), { method, headers, body: form && new URLSearchParams(form) }) as never);
  remember(jar, res);
  return res;
}

/** Clicks "Sign in with …", logs in at the issuer as `who`, and follows the redirect back. */
async function signInThroughIssuer(who: Parameters<typeof fake.approve>[1]) {
  const jar: Jar = new Map();
  const { csrfToken } = (await (await auth(jar, "GET", "/api/auth/csrf")).json()) as { csrfToken: string };
  const start = await auth(jar, "POST", "/api/auth/signin/oidc", { csrfToken, callbackUrl: "/projects" });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/auth/callback/oidc");
  expect(authorize.searchParams.get("scope")).toBe("openid profile email");
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  const back = fake.approve(authorize.toString(), who);
  const done = await auth(jar, "GET", back.pathname + back.search);
  const name = SESSION_COOKIES[1];
  const token = jar.has(name) ? await decode({ token: jar.get(name), secret: process.env.AUTH_SECRET!, salt: name }) : null;
  return { status: done.status, location: done.headers.get("location"), sub: token?.sub ?? null };
}

describe("single sign-on through Auth.js", () => {
  it("is offered only when configured", () => {
    configure(false);
    expect(singleSignOnName()).toBeNull();
    configure(true);
    expect(singleSignOnName()).toBe("Acme ID");
    delete process.env.QA_STUDIO_OIDC_NAME;
    expect(singleSignOnName()).toBe("Single sign-on");
  });

  it("signs an invited user in with a session whose sub is our user id", async () => {
    configure(true);
    const invited = await insertUser();
    const result = await signInThroughIssuer({ sub: `acme-${uniq()}`, email: invited.email, email_verified: true, name: "Invited" });
    expect(result).toEqual({ status: 302, location: "http://localhost:3000/projects", sub: invited.id });
    expect(await linksOf(invited.id)).toMatchObject([{ provider: fake.issuer, type: "oidc" }]);
    // The session works for the API like a password session.
    const me = await call("GET", "/api/projects", { cookie: await sessionCookie(result.sub!) });
    expect(me.status).toBe(200);
    // The token endpoint got the PKCE verifier and our client credentials (checked by the fake).
    expect(fake.tokenRequests.at(-1)?.get("grant_type")).toBe("authorization_code");
  });

  it("creates a new person, then recognises them by subject next time", async () => {
    configure(true);
    const who = { sub: `acme-${uniq()}`, email: `new-${uniq()}@example.test`, email_verified: true, name: "New Person" };
    const first = await signInThroughIssuer(who);
    expect(first.status).toBe(302);
    const [created] = await getDb().select().from(users).where(eq(users.email, who.email));
    expect(first.sub).toBe(created.id);
    const second = await signInThroughIssuer({ ...who, email: `moved-${uniq()}@example.test` });
    expect(second.sub).toBe(created.id);
  });

  it("sends disabled and unverified people back to the login page without a session", async () => {
    configure(true);
    const disabled = await insertUser({ disabled: true });
    expect(await signInThroughIssuer({ sub: `acme-${uniq()}`, email: disabled.email, email_verified: true })).toEqual({
      status: 302,
      location: "http://localhost:3000/login?error=disabled",
      sub: null,
    });
    expect(await signInThroughIssuer({ sub: `acme-${uniq()}`, email: `x-${uniq()}@example.test`, email_verified: false })).toEqual({
      status: 302,
      location: "http://localhost:3000/login?error=sso_unverified_email",
      sub: null,
    });
  });

  it("has no OIDC provider when not configured", async () => {
    configure(false);
    const jar: Jar = new Map();
    const { csrfToken } = (await (await auth(jar, "GET", "/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await auth(jar, "POST", "/api/auth/signin/oidc", { csrfToken });
    expect(res.headers.get("location") ?? "").not.toContain("127.0.0.1");
    const providers = (await (await auth(jar, "GET", "/api/auth/providers")).json()) as Record<string, unknown>;
    expect(Object.keys(providers)).toEqual(["credentials"]);
  });
});
