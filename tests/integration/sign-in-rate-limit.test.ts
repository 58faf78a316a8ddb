import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { getDb } from "@/db/client";
import { loginAttempts, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { SIGN_IN_LIMITS, currentSignInLimit, signInLimit } from "@/lib/auth/rate-limit";
import { signInWithPassword } from "@/lib/auth/verify-credentials";
import { decode } from "next-auth/jwt";
import { SESSION_COOKIES } from "@/lib/auth/actor";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";

const PASSWORD = "correct horse battery staple";
const WINDOW = SIGN_IN_LIMITS.windowSeconds;

const ip = () => `198.51.100.${randomBytes(2).readUInt16BE() % 250}-${randomBytes(3).toString("hex")}`;

async function userWithPassword(password = PASSWORD) {
  const email = `Person-${randomBytes(4).toString("hex")}@Example.test`;
  const [user] = await getDb().insert(users).values({ email, name: "Person", passwordHash: await hashPassword(password) }).returning();
  return user;
}

const attempt = (email: string, password: string, from: string) => signInWithPassword(getDb(), { email, password, ip: from });

async function fail(email: string, from: string, times: number) {
  for (let i = 0; i < times; i++) expect(await attempt(email, "wrong password", from)).toEqual({ ok: false, reason: "invalid" });
}

/** What another app instance would have written: failures at given ages, straight into the table. */
async function failuresAt(email: string, from: string, agesInSeconds: number[]) {
  await getDb()
    .insert(loginAttempts)
    .values(agesInSeconds.map((age) => ({ email, ip: from, succeeded: false, createdAt: sql`now() - make_interval(secs => ${age})` as unknown as Date })));
}

describe("sign-in rate limit per account", () => {
  it(`refuses even the right password after ${SIGN_IN_LIMITS.perAccount} failures, from any address`, async () => {
    const user = await userWithPassword();
    const from = ip();
    await fail(user.email, from, SIGN_IN_LIMITS.perAccount);
    const refused = await attempt(user.email, PASSWORD, from);
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    // The window started with the first failure a moment ago, so nearly all of it remains.
    const retry = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retry).toBeGreaterThan(WINDOW - 30);
    expect(retry).toBeLessThanOrEqual(WINDOW);
    // The account is limited, not just the address; the email is matched case-insensitively.
    expect(await attempt(user.email.toUpperCase(), PASSWORD, ip())).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("counts Retry-After from the oldest failure in the window, and lets the user in once it frees up", async () => {
    const user = await userWithPassword();
    const from = ip();
    const email = user.email.toLowerCase();
    // Oldest failure 10 minutes ago, the rest recent: the limit lifts in about 5 minutes.
    await failuresAt(email, from, [600, 120, 60, 30, 10]);
    const limit = await signInLimit(getDb(), { email, ip: ip() });
    expect(limit.limited).toBe(true);
    const retry = (limit as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retry).toBeGreaterThan(WINDOW - 600 - 30);
    expect(retry).toBeLessThanOrEqual(WINDOW - 600 + 1);
    expect((await attempt(user.email, PASSWORD, from)).ok).toBe(false);
    // Failures older than the window no longer count.
    await getDb()
      .update(loginAttempts)
      .set({ createdAt: sql`created_at - make_interval(secs => ${WINDOW})` as unknown as Date })
      .where(eq(sql`lower(${loginAttempts.email})`, email));
    expect(await attempt(user.email, PASSWORD, from)).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it("leaves another account on another address alone", async () => {
    const victim = await userWithPassword();
    const other = await userWithPassword();
    await fail(victim.email, ip(), SIGN_IN_LIMITS.perAccount);
    expect((await attempt(victim.email, PASSWORD, ip())).ok).toBe(false);
    expect(await attempt(other.email, PASSWORD, ip())).toMatchObject({ ok: true, user: { id: other.id } });
  });

  it("does not count successes as failures, and a success clears the account's earlier failures", async () => {
    const user = await userWithPassword();
    const from = ip();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount + 3; i++) expect((await attempt(user.email, PASSWORD, from)).ok).toBe(true);
    await fail(user.email, from, SIGN_IN_LIMITS.perAccount - 1);
    expect((await attempt(user.email, PASSWORD, from)).ok).toBe(true);
    await fail(user.email, from, SIGN_IN_LIMITS.perAccount - 1);
    expect((await attempt(user.email, PASSWORD, from)).ok).toBe(true);
    const rows = await getDb()
      .select({ succeeded: loginAttempts.succeeded })
      .from(loginAttempts)
      .where(eq(loginAttempts.email, user.email.toLowerCase()));
    // Every attempt is recorded, successes as successes.
    expect(rows.filter((r) => r.succeeded)).toHaveLength(SIGN_IN_LIMITS.perAccount + 5);
    expect(rows.filter((r) => !r.succeeded)).toHaveLength(2 * (SIGN_IN_LIMITS.perAccount - 1));
  });

  it("does not extend the lock while a limited account keeps being tried", async () => {
    const user = await userWithPassword();
    const email = user.email.toLowerCase();
    await failuresAt(email, ip(), [600, 500, 400, 300, 200]);
    for (let i = 0; i < 5; i++) expect((await attempt(user.email, "guess", ip())).ok).toBe(false);
    const count = await getDb().$count(loginAttempts, eq(loginAttempts.email, email));
    expect(count).toBe(SIGN_IN_LIMITS.perAccount);
  });

  it("lets no more than the limit of guesses through when attempts race", async () => {
    const user = await userWithPassword();
    const results = await Promise.all(Array.from({ length: 12 }, () => attempt(user.email, "wrong password", ip())));
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBe(12 - checked);
    expect(await getDb().$count(loginAttempts, eq(loginAttempts.email, user.email.toLowerCase()))).toBe(checked);
  });
});

describe("sign-in rate limit per address", () => {
  it(`refuses an address after ${SIGN_IN_LIMITS.perIp} failures across accounts, even for a fresh account`, async () => {
    const from = ip();
    // Failures spread over many accounts, none of them over its own limit.
    const spread = Array.from({ length: SIGN_IN_LIMITS.perIp - 3 }, (_, i) => `spray-${i}-${from}@example.test`);
    for (const email of spread) await failuresAt(email, from, [60]);
    await fail(`spray-a-${from}@example.test`, from, 1);
    await fail(`spray-b-${from}@example.test`, from, 1);
    await fail(`spray-c-${from}@example.test`, from, 1);
    const fresh = await userWithPassword();
    const refused = await attempt(fresh.email, PASSWORD, from);
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(WINDOW - 60 - 30);
    // The same account from another address is fine: the account itself has no failures.
    expect(await attempt(fresh.email, PASSWORD, ip())).toMatchObject({ ok: true, user: { id: fresh.id } });
  });

  it("is not reset by a success on the address", async () => {
    const from = ip();
    const user = await userWithPassword();
    await failuresAt(`someone-${from}@example.test`, from, Array.from({ length: SIGN_IN_LIMITS.perIp - 1 }, () => 30));
    expect((await attempt(user.email, PASSWORD, from)).ok).toBe(true);
    await fail(`other-${from}@example.test`, from, 1);
    expect(await attempt(user.email, PASSWORD, from)).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});

describe("sign-in rate limit state", () => {
  it("lives in the database, so a fresh call path (another instance) sees it", async () => {
    const user = await userWithPassword();
    const from = ip();
    // Instance A records failures through its own path...
    await fail(user.email, from, SIGN_IN_LIMITS.perAccount);
    // ...instance B, with nothing in memory, reads them from the table.
    expect(await currentSignInLimit({ email: user.email, ip: ip() })).toMatchObject({ limited: true });
    // And the other way round: rows another instance wrote are honoured here.
    const second = await userWithPassword();
    await failuresAt(second.email.toLowerCase(), ip(), [5, 4, 3, 2, 1]);
    expect(await attempt(second.email, PASSWORD, ip())).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});

// --- Auth.js's credentials callback, called directly as a script would ---

type Jar = Map<string, string>;
function remember(jar: Jar, res: Response) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function csrf(jar: Jar): Promise<string> {
  const res = await GET(new Request("http://localhost:3000/api/auth/csrf") as never);
  remember(jar, res);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/**
 * A POST as the app's server hands it on: `from` is the socket's address, which the server stamps
 * in PEER_ADDRESS_HEADER (lib/startup/peer-address.ts); `forwardedFor` is whatever X-Forwarded-For
 * arrived with it.
 */
async function postCredentials(jar: Jar, form: Record<string, string>, from: string, forwardedFor = `198.18.${randomBytes(1)[0]}.1`): Promise<Response> {
  const res = await POST(
    new Request("http://localhost:3000/api/auth/callback/credentials", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: cookieHeader(jar),
        [PEER_ADDRESS_HEADER]: from,
        "x-forwarded-for": forwardedFor,
      },
      body: new URLSearchParams(form),
    }) as never,
  );
  remember(jar, res);
  return res;
}

describe("POST /api/auth/callback/credentials", () => {
  it("signs in with a session whose sub is our user id", async () => {
    const user = await userWithPassword();
    const jar: Jar = new Map();
    const res = await postCredentials(jar, { csrfToken: await csrf(jar), email: user.email, password: PASSWORD, callbackUrl: "/projects" }, ip());
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://localhost:3000/projects");
    const name = SESSION_COOKIES[1];
    const token = await decode({ token: jar.get(name), secret: process.env.AUTH_SECRET!, salt: name });
    expect(token?.sub).toBe(user.id);
  });

  it("answers 429 with Retry-After in the one error shape once the account is limited", async () => {
    const user = await userWithPassword();
    const from = ip();
    const jar: Jar = new Map();
    const csrfToken = await csrf(jar);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      const res = await postCredentials(jar, { csrfToken, email: user.email, password: "nope" }, from);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/\/login\?error=CredentialsSignin&code=credentials$/);
    }
    const res = await postCredentials(jar, { csrfToken, email: user.email, password: PASSWORD }, from);
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIES[1]))).toBe(false);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(WINDOW - 30);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW);
    const body = await res.json();
    expect(body).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/Too many sign-in attempts\. Try again in 1[45] minutes\./), details: [] } });
    // The limit applies before Auth.js runs: even without a CSRF token the answer is 429, not a redirect.
    const bare = await postCredentials(new Map(), { email: user.email, password: PASSWORD }, ip());
    expect(bare.status).toBe(429);
  });

  it("records the password check's failures itself, keyed on the socket's address, not X-Forwarded-For", async () => {
    const user = await userWithPassword();
    const from = ip();
    const jar: Jar = new Map();
    await postCredentials(jar, { csrfToken: await csrf(jar), email: user.email, password: "nope" }, from);
    const rows = await getDb().select().from(loginAttempts).where(eq(loginAttempts.email, user.email.toLowerCase()));
    expect(rows).toMatchObject([{ ip: from, succeeded: false }]);
  });
});

describe("the per-IP limit cannot be dodged with X-Forwarded-For", () => {
  const spoofed = (i: number) => `203.0.113.${i}, 192.0.2.${i}`;
  const outcome = (res: Response) => (res.status === 429 ? 429 : /error=CredentialsSignin/.test(res.headers.get("location") ?? "") ? "refused" : res.status);

  it(`refuses 60 failures with 60 different X-Forwarded-For values after ${SIGN_IN_LIMITS.perIp} (no trusted proxy: the socket's address counts)`, async () => {
    delete process.env.QA_STUDIO_TRUSTED_PROXIES;
    const from = ip();
    const jar: Jar = new Map();
    const csrfToken = await csrf(jar);
    const outcomes: unknown[] = [];
    // A different account each time, so only the per-IP limit can stop them.
    for (let i = 0; i < 60; i++) {
      outcomes.push(outcome(await postCredentials(jar, { csrfToken, email: `xff-${i}-${from}@example.test`, password: "guess" }, from, spoofed(i))));
    }
    expect(outcomes.slice(0, SIGN_IN_LIMITS.perIp)).toEqual(Array(SIGN_IN_LIMITS.perIp).fill("refused"));
    expect(outcomes.slice(SIGN_IN_LIMITS.perIp)).toEqual(Array(60 - SIGN_IN_LIMITS.perIp).fill(429));
    // Only the first 30 cost a password check: they are the recorded failures, all under the socket's address.
    const rows = await getDb().select({ ip: loginAttempts.ip }).from(loginAttempts).where(eq(loginAttempts.ip, from));
    expect(rows).toHaveLength(SIGN_IN_LIMITS.perIp);
    expect(await getDb().$count(loginAttempts, sql`ip like '203.0.113.%' or ip like '192.0.2.%'`)).toBe(0);
  });

  it("with QA_STUDIO_TRUSTED_PROXIES=1 counts the entry the proxy appended, whatever the client put before it", async () => {
    process.env.QA_STUDIO_TRUSTED_PROXIES = "1";
    try {
      const client = ip();
      const proxy = "10.1.2.3";
      await failuresAt(`hop-${client}@example.test`, client, Array.from({ length: SIGN_IN_LIMITS.perIp }, () => 30));
      const jar: Jar = new Map();
      const csrfToken = await csrf(jar);
      for (let i = 0; i < 3; i++) {
        const res = await postCredentials(jar, { csrfToken, email: `hop-${i}-${client}@example.test`, password: "guess" }, proxy, `${spoofed(i)}, ${client}`);
        expect(res.status).toBe(429);
      }
      // Another client behind the same proxy is not affected.
      const other = await postCredentials(jar, { csrfToken, email: `hop-x-${client}@example.test`, password: "guess" }, proxy, `${client}, 198.51.100.250`);
      expect(outcome(other)).toBe("refused");
      expect(await getDb().$count(loginAttempts, eq(loginAttempts.ip, "198.51.100.250"))).toBeGreaterThan(0);
    } finally {
      delete process.env.QA_STUDIO_TRUSTED_PROXIES;
    }
  });

  it("with trusted address ranges walks X-Forwarded-For from the right past the trusted proxies", async () => {
    process.env.QA_STUDIO_TRUSTED_PROXIES = "10.0.0.0/8, fd00::/8";
    try {
      const client = ip();
      await failuresAt(`cidr-${client}@example.test`, client, Array.from({ length: SIGN_IN_LIMITS.perIp }, () => 30));
      const jar: Jar = new Map();
      const csrfToken = await csrf(jar);
      for (let i = 0; i < 3; i++) {
        // Two trusted proxies (10.9.9.9 appended the client, fd00::1 appended 10.9.9.9); the socket is the last proxy.
        const res = await postCredentials(jar, { csrfToken, email: `cidr-${i}-${client}@example.test`, password: "guess" }, "::ffff:10.0.0.5", `${spoofed(i)}, ${client}, 10.9.9.9, fd00::1`);
        expect(res.status).toBe(429);
      }
      // A request straight from an untrusted socket is keyed on that socket, never on its header.
      const direct = await postCredentials(jar, { csrfToken, email: `cidr-d-${client}@example.test`, password: "guess" }, "198.51.100.251", client);
      expect(outcome(direct)).toBe("refused");
    } finally {
      delete process.env.QA_STUDIO_TRUSTED_PROXIES;
    }
  });
});
