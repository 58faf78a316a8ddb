import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { proxy } from "@/proxy";

/** proxy.ts, called the way Next.js calls it before routing. */
const run = (url: string, headers: Record<string, string> = {}) => proxy(new NextRequest(new URL(url, "http://localhost:3000"), { headers }));

describe("proxy.ts: security headers", () => {
  it("gives pages a CSP with a fresh nonce, handed to Next.js on the request, and the other headers", () => {
    const first = run("/projects/DEMO");
    const second = run("/projects/DEMO");
    const csp = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // Next.js reads the nonce from the request's CSP header (forwarded as x-middleware-request-*).
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("permissions-policy")).toContain("camera=()");
  });

  it("gives API answers a CSP that loads nothing, and the same other headers", () => {
    const res = run("/api/projects");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});

describe("proxy.ts: URLs that cannot be decoded", () => {
  for (const path of ["/api/projects/%FF", "/api/projects/%ED%A0%80/milestones", "/api/projects/%E0%A4%A/milestones", "/api/projects/%00/milestones/x/badge.svg"]) {
    it(`API ${path} is a 400 in the error shape`, async () => {
      const res = run(path);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(Object.keys(body)).toEqual(["error"]);
      expect(body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "path" }] });
    });
  }

  for (const path of ["/projects/%FF", "/projects/%ED%A0%80/milestones", "/projects/%00", "/projects/DEMO/cases?q=%00"]) {
    it(`page ${path} renders the not-found page`, () => {
      const res = run(path);
      expect(new URL(res.headers.get("x-middleware-rewrite")!).pathname).toBe("/_unreadable-url");
      expect(res.headers.get("content-security-policy")).toContain("'nonce-");
    });
  }

  it("lets ordinary encoded paths through", () => {
    expect(run("/api/projects/DEMO%2D1").headers.get("x-middleware-next")).toBe("1");
    expect(run("/projects/DEMO/cases?q=%C3%A9t%C3%A9").headers.get("x-middleware-next")).toBe("1");
  });
});

describe("session cookies", () => {
  afterEach(() => {
    delete process.env.QA_STUDIO_PUBLIC_URL;
  });

  async function signInCookies(): Promise<string[]> {
    const email = `secure-${Math.random().toString(36).slice(2)}@example.test`;
    await getDb().insert(users).values({ email, name: "Secure", passwordHash: await hashPassword("correct horse battery") });
    const csrfRes = await authGet(new NextRequest("http://localhost:3000/api/auth/csrf"));
    const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const res = await authPost(
      new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
        body: new URLSearchParams({ csrfToken, email, password: "correct horse battery", callbackUrl: "/projects" }),
      }),
    );
    expect(res.status).toBe(302);
    return res.headers.getSetCookie().filter((c) => c.includes("session-token="));
  }

  it("are Secure when QA_STUDIO_PUBLIC_URL is https, even though the request reached us over http", async () => {
    process.env.QA_STUDIO_PUBLIC_URL = "https://qa.example.test";
    const [cookie] = await signInCookies();
    expect(cookie).toMatch(/^__Secure-authjs\.session-token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });

  it("are not Secure for a plain-http public URL (a browser would drop them)", async () => {
    process.env.QA_STUDIO_PUBLIC_URL = "http://localhost:3000";
    const [cookie] = await signInCookies();
    expect(cookie).toMatch(/^authjs\.session-token=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});
