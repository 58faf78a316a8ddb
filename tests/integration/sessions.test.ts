import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { SESSION_COOKIES } from "@/lib/auth/actor";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { encode } from "next-auth/jwt";
import { call, sessionCookie } from "../helpers/api";
import { createProjectWithOwner, createUser } from "../helpers/factories";

/**
 * Sessions through Auth.js itself: a real sign-in at /api/auth/callback/credentials gives the
 * cookie, and /api/auth/session is what pages and server actions see (auth() runs the same
 * callbacks), while the API resolves the same cookie through lib/auth/actor.ts.
 */
const BASE = "http://localhost:3000";
const PASSWORD = "a long enough password";
type Jar = Map<string, string>;

function remember(jar: Jar, res: Response) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    const value = pair.slice(i + 1);
    if (value) jar.set(pair.slice(0, i), value);
    else jar.delete(pair.slice(0, i));
  }
}
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
const peer = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function authGet(jar: Jar, path: string): Promise<Response> {
  const res = await GET(new Request(`${BASE}/api/auth/${path}`, { headers: { cookie: cookieHeader(jar) } }) as never);
  remember(jar, res);
  return res;
}

async function authPost(jar: Jar, path: string, form: Record<string, string>): Promise<Response> {
  const res = await POST(
    new Request(`${BASE}/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), [PEER_ADDRESS_HEADER]: peer() },
      body: new URLSearchParams(form),
    }) as never,
  );
  remember(jar, res);
  return res;
}

/** Signs in with email and password like the login form does; returns the browser's cookie jar. */
async function signIn(email: string, password = PASSWORD): Promise<Jar> {
  const jar: Jar = new Map();
  const { csrfToken } = (await (await authGet(jar, "csrf")).json()) as { csrfToken: string };
  const res = await authPost(jar, "callback/credentials", { csrfToken, email, password, callbackUrl: "/projects" });
  expect(res.headers.get("location")).toBe(`${BASE}/projects`);
  expect(jar.has(SESSION_COOKIES[1])).toBe(true);
  return jar;
}

/** A copy of the session cookie as it was: what a second tab, or a thief, still holds. */
const sessionOnly = (jar: Jar) => `${SESSION_COOKIES[1]}=${jar.get(SESSION_COOKIES[1])}`;
const api = (cookie: string, path: string) => call("GET", path, { cookie });
const pageSession = async (cookie: string) => {
  const res = await GET(new Request(`${BASE}/api/auth/session`, { headers: { cookie } }) as never);
  return { body: await res.json(), cleared: res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIES[1]}=;`)) };
};

async function world() {
  const boss = await createUser({ isAdmin: true });
  const { owner, project } = await createProjectWithOwner();
  expect((await boss.api.patch(`/api/users/${owner.user.id}`, { password: PASSWORD })).status).toBe(200);
  const path = `/api/projects/${project.id}`;
  return { boss, owner, project, path };
}

async function expectEnded(cookie: string, path: string) {
  const res = await api(cookie, path);
  expect(res.status).toBe(401);
  expect(res.body.error).toMatchObject({ code: "UNAUTHENTICATED", message: "Your session has ended; sign in again." });
  // What pages see: no session (pageContext redirects to /login), and the stale cookie is cleared.
  expect(await pageSession(cookie)).toEqual({ body: null, cleared: true });
}

describe("sessions end with a password change, a reset and sign-out", () => {
  it("a password set by an admin ends every session signed in with the old one; a new sign-in works", async () => {
    const w = await world();
    const first = sessionOnly(await signIn(w.owner.user.email));
    const second = sessionOnly(await signIn(w.owner.user.email));
    expect((await api(first, w.path)).status).toBe(200);
    expect((await pageSession(first)).body.user.id).toBe(w.owner.user.id);

    expect((await w.boss.api.patch(`/api/users/${w.owner.user.id}`, { password: "the new password!" })).status).toBe(200);
    await expectEnded(first, w.path);
    await expectEnded(second, w.path);
    // API keys are not signed in with the password: they keep working.
    expect((await w.owner.api.get(w.path)).status).toBe(200);
    const fresh = sessionOnly(await signIn(w.owner.user.email, "the new password!"));
    expect((await api(fresh, w.path)).status).toBe(200);
  });

  it("a generated reset ends the sessions too, and renaming or promoting does not", async () => {
    const w = await world();
    const cookie = sessionOnly(await signIn(w.owner.user.email));
    expect((await w.boss.api.patch(`/api/users/${w.owner.user.id}`, { name: "Renamed", isAdmin: true })).status).toBe(200);
    expect((await api(cookie, w.path)).status).toBe(200);
    const reset = await w.boss.api.patch(`/api/users/${w.owner.user.id}`, { generatePassword: true });
    expect(reset.status).toBe(200);
    await expectEnded(cookie, w.path);
    const fresh = sessionOnly(await signIn(w.owner.user.email, reset.body.temporaryPassword));
    expect((await api(fresh, w.path)).status).toBe(200);
  });

  it("signing out ends that session, its copies, and the user's other sessions; other users keep theirs", async () => {
    const w = await world();
    const jar = await signIn(w.owner.user.email);
    const copy = sessionOnly(jar);
    const otherBrowser = sessionOnly(await signIn(w.owner.user.email));
    const someoneElse = await sessionCookie(w.boss.user.id);
    expect((await api(copy, w.path)).status).toBe(200);

    const { csrfToken } = (await (await authGet(jar, "csrf")).json()) as { csrfToken: string };
    const out = await authPost(jar, "signout", { csrfToken });
    expect(out.status).toBe(302);
    expect(jar.has(SESSION_COOKIES[1])).toBe(false);
    await expectEnded(copy, w.path);
    await expectEnded(otherBrowser, w.path);
    expect((await api(someoneElse, "/api/projects")).status).toBe(200);

    // Signing out again with the old copy ends nothing more: a new session stays.
    const fresh = await signIn(w.owner.user.email);
    const replay: Jar = new Map([[SESSION_COOKIES[1], copy.split("=")[1]]]);
    const again = (await (await authGet(replay, "csrf")).json()) as { csrfToken: string };
    await authPost(replay, "signout", { csrfToken: again.csrfToken });
    expect((await api(sessionOnly(fresh), w.path)).status).toBe(200);
  });

  it("refuses a session token without a session version (issued before versions existed) or with a wrong one", async () => {
    const w = await world();
    const name = SESSION_COOKIES[1];
    const secret = process.env.AUTH_SECRET!;
    const [row] = await getDb().select({ v: users.sessionVersion }).from(users).where(eq(users.id, w.owner.user.id));
    for (const token of [{ sub: w.owner.user.id }, { sub: w.owner.user.id, sv: row.v + 1 }, { sub: w.owner.user.id, sv: String(row.v) }]) {
      await expectEnded(`${name}=${await encode({ token, secret, salt: name })}`, w.path);
    }
    expect((await api(`${name}=${await encode({ token: { sub: w.owner.user.id, sv: row.v }, secret, salt: name })}`, w.path)).status).toBe(200);
  });
});
