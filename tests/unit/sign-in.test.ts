import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER, clientAddress, parseTrustedProxies } from "@/lib/auth/client-address";
import { externalIdentity, githubVerifiedEmail, issuerKey, oidcProvider } from "@/lib/auth/oidc";
import { clientIp, rateLimitMessage, SignInRateLimitedError } from "@/lib/auth/rate-limit";
import { ConfigError } from "@/lib/auth/secret";
import { ERROR_STATUS, errorBody } from "@/lib/errors";
import { loadEnv, oidcSettings, trustedProxies } from "@/lib/env";
import { stampPeerAddresses } from "@/lib/startup/peer-address";

const OIDC = {
  QA_STUDIO_OIDC_ISSUER: "https://accounts.google.com",
  QA_STUDIO_OIDC_CLIENT_ID: "1234.apps.googleusercontent.com",
  QA_STUDIO_OIDC_CLIENT_SECRET: "GOCSPX-secret",
};

describe("single sign-on configuration", () => {
  it("is off when no OIDC variable is set, and empty values count as unset", () => {
    expect(oidcSettings({})).toBeNull();
    expect(oidcSettings({ QA_STUDIO_OIDC_ISSUER: "", QA_STUDIO_OIDC_CLIENT_ID: "", QA_STUDIO_OIDC_CLIENT_SECRET: "" })).toBeNull();
    expect(loadEnv({}).QA_STUDIO_OIDC_ISSUER).toBeUndefined();
  });

  it("is on with issuer, client id and secret, labelled 'Single sign-on' unless named", () => {
    expect(oidcSettings(OIDC)).toEqual({
      issuer: OIDC.QA_STUDIO_OIDC_ISSUER,
      clientId: OIDC.QA_STUDIO_OIDC_CLIENT_ID,
      clientSecret: OIDC.QA_STUDIO_OIDC_CLIENT_SECRET,
      name: "Single sign-on",
      createUsers: true,
    });
    expect(oidcSettings({ ...OIDC, QA_STUDIO_OIDC_NAME: "Google", QA_STUDIO_OIDC_CREATE_USERS: "0" })).toMatchObject({ name: "Google", createUsers: false });
    expect(loadEnv(OIDC).QA_STUDIO_OIDC_CLIENT_ID).toBe(OIDC.QA_STUDIO_OIDC_CLIENT_ID);
  });

  it("names each missing variable when only some are set", () => {
    const partial = { QA_STUDIO_OIDC_ISSUER: OIDC.QA_STUDIO_OIDC_ISSUER };
    expect(() => loadEnv(partial)).toThrow(ConfigError);
    expect(() => loadEnv(partial)).toThrow(/QA_STUDIO_OIDC_CLIENT_ID: Missing while QA_STUDIO_OIDC_ISSUER is set/);
    expect(() => loadEnv(partial)).toThrow(/QA_STUDIO_OIDC_CLIENT_SECRET: Missing/);
    expect(() => oidcSettings(partial)).toThrow(/QA_STUDIO_OIDC_CLIENT_SECRET/);
    // A label alone is a half-done configuration too.
    expect(() => loadEnv({ QA_STUDIO_OIDC_NAME: "Google" })).toThrow(/QA_STUDIO_OIDC_ISSUER: Missing while QA_STUDIO_OIDC_NAME is set/);
    const { QA_STUDIO_OIDC_CLIENT_SECRET: _omit, ...noSecret } = OIDC;
    expect(() => loadEnv(noSecret)).toThrow(/QA_STUDIO_OIDC_CLIENT_SECRET: Missing while QA_STUDIO_OIDC_ISSUER, QA_STUDIO_OIDC_CLIENT_ID are set/);
  });

  it("reports OIDC problems together with every other malformed variable", () => {
    expect(() => loadEnv({ PORT: "http", QA_STUDIO_OIDC_CLIENT_ID: "x" })).toThrow(/PORT[\s\S]*QA_STUDIO_OIDC_ISSUER: Missing/);
  });

  it("wants an absolute http(s) issuer URL and a short label", () => {
    for (const issuer of ["accounts.google.com", "ftp://id.example.com", "https://id.example.com/?tenant=1"]) {
      expect(() => loadEnv({ ...OIDC, QA_STUDIO_OIDC_ISSUER: issuer })).toThrow(/QA_STUDIO_OIDC_ISSUER: Must/);
    }
    expect(() => loadEnv({ ...OIDC, QA_STUDIO_OIDC_NAME: "x".repeat(41) })).toThrow(/QA_STUDIO_OIDC_NAME: Must be at most 40/);
    expect(() => loadEnv({ ...OIDC, QA_STUDIO_OIDC_CREATE_USERS: "maybe" })).toThrow(/QA_STUDIO_OIDC_CREATE_USERS/);
  });
});

describe("the single sign-on provider", () => {
  const settings = oidcSettings({ ...OIDC, QA_STUDIO_OIDC_NAME: "Google" })!;

  it("is a generic OIDC provider with id 'oidc' for any issuer", () => {
    expect(oidcProvider(settings)).toMatchObject({
      id: "oidc",
      type: "oidc",
      name: "Google",
      issuer: "https://accounts.google.com",
      clientId: OIDC.QA_STUDIO_OIDC_CLIENT_ID,
      checks: ["pkce", "state", "nonce"],
    });
  });

  it("is Auth.js's GitHub (OAuth 2) provider under the same id for https://github.com", () => {
    const github = oidcProvider({ ...settings, issuer: "https://github.com/", name: "GitHub" }) as unknown as Record<string, any>;
    expect(github).toMatchObject({ id: "github", type: "oauth", options: { id: "oidc", name: "GitHub" } });
  });

  it("keys identities by issuer, ignoring a trailing slash", () => {
    expect(issuerKey("https://accounts.google.com/")).toBe("https://accounts.google.com");
    expect(issuerKey("https://kc.example.com/realms/qa")).toBe("https://kc.example.com/realms/qa");
  });

  it("takes only a verified GitHub address, preferring the primary one", () => {
    expect(githubVerifiedEmail([{ email: "a@x.test", primary: true, verified: false }, { email: "b@x.test", verified: true }])).toBe("b@x.test");
    expect(githubVerifiedEmail([{ email: "b@x.test", verified: true }, { email: "p@x.test", primary: true, verified: true }])).toBe("p@x.test");
    expect(githubVerifiedEmail([{ email: "a@x.test", primary: true, verified: false }])).toBeNull();
    expect(githubVerifiedEmail({ message: "Bad credentials" })).toBeNull();
  });

  it("reads the identity from the ID token claims", () => {
    const account = { providerAccountId: "1087", type: "oidc" as const };
    expect(externalIdentity(settings, account, { sub: "1087", email: " Ann@Example.test", email_verified: true, name: "Ann" })).toEqual({
      issuer: "https://accounts.google.com",
      subject: "1087",
      type: "oidc",
      email: "Ann@Example.test",
      emailVerified: true,
      name: "Ann",
    });
    // Some issuers send the flag as a string; a missing flag is not a verification.
    expect(externalIdentity(settings, account, { email: "a@x.test", email_verified: "true" as never }).emailVerified).toBe(true);
    expect(externalIdentity(settings, account, { email: "a@x.test" }).emailVerified).toBe(false);
    expect(externalIdentity(settings, account, { email: "not-an-email", email_verified: true }).email).toBeNull();
  });
});

describe("sign-in rate limit helpers", () => {
  it("keys on the socket's address by default, never on X-Forwarded-For or X-Real-IP, else 'unknown'", () => {
    const peer = (address: string, more: Record<string, string> = {}) => new Headers({ [PEER_ADDRESS_HEADER]: address, ...more });
    expect(clientIp(peer("198.51.100.9", { "x-forwarded-for": " 203.0.113.7 , 10.0.0.1", "x-real-ip": "10.0.0.2" }))).toBe("198.51.100.9");
    expect(clientIp(peer("::ffff:127.0.0.1"))).toBe("127.0.0.1");
    expect(clientIp(peer("2001:db8::1"))).toBe("2001:db8::1");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "2001:db8::1" }))).toBe("unknown");
    expect(clientIp(new Headers())).toBe("unknown");
  });

  it("with N trusted hops takes the Nth X-Forwarded-For entry from the right; with ranges, the first untrusted one from the right", () => {
    const h = (forwarded: string | null, peer = "10.0.0.1") => new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(forwarded === null ? {} : { "x-forwarded-for": forwarded }) });
    const one = parseTrustedProxies("1");
    const two = parseTrustedProxies("2");
    expect(clientAddress(h("spoof, 6.6.6.6, 203.0.113.7"), one)).toBe("203.0.113.7");
    expect(clientAddress(h("spoof, 203.0.113.7, 10.0.0.9"), two)).toBe("203.0.113.7");
    expect(clientAddress(h("203.0.113.7:51234"), one)).toBe("203.0.113.7");
    expect(clientAddress(h("[2001:db8::7]:443"), one)).toBe("2001:db8::7");
    // Fewer entries than hops: the farthest address there is.
    expect(clientAddress(h("203.0.113.7"), two)).toBe("203.0.113.7");
    expect(clientAddress(h(null, "203.0.113.8"), two)).toBe("203.0.113.8");

    const ranges = parseTrustedProxies("10.0.0.0/8, fd00::/8, 192.0.2.1");
    expect(ranges).toEqual({ kind: "cidrs", ranges: ["10.0.0.0/8", "fd00::/8", "192.0.2.1"] });
    expect(clientAddress(h("spoof, 203.0.113.7, 10.2.3.4, fd00::1, 192.0.2.1"), ranges)).toBe("203.0.113.7");
    expect(clientAddress(h("203.0.113.7", "::ffff:10.0.0.1"), ranges)).toBe("203.0.113.7");
    // An untrusted socket is the client, whatever its header says.
    expect(clientAddress(h("203.0.113.7", "198.51.100.3"), ranges)).toBe("198.51.100.3");
    // Only trusted proxies all the way: the farthest of them.
    expect(clientAddress(h("10.9.9.9"), ranges)).toBe("10.9.9.9");
  });

  it("validates QA_STUDIO_TRUSTED_PROXIES at start-up, naming it", () => {
    expect(loadEnv({}).QA_STUDIO_TRUSTED_PROXIES).toEqual({ kind: "none" });
    expect(loadEnv({ QA_STUDIO_TRUSTED_PROXIES: "0" }).QA_STUDIO_TRUSTED_PROXIES).toEqual({ kind: "none" });
    expect(loadEnv({ QA_STUDIO_TRUSTED_PROXIES: "2" }).QA_STUDIO_TRUSTED_PROXIES).toEqual({ kind: "hops", hops: 2 });
    expect(trustedProxies({ QA_STUDIO_TRUSTED_PROXIES: "::1, 172.16.0.0/12" })).toEqual({ kind: "cidrs", ranges: ["::1", "172.16.0.0/12"] });
    for (const bad of ["11", "10.0.0.0/33", "fd00::/129", "proxy.internal", "10.0.0.0/8/1", "1.2.3"]) {
      expect(() => loadEnv({ QA_STUDIO_TRUSTED_PROXIES: bad }), bad).toThrow(/QA_STUDIO_TRUSTED_PROXIES: /);
    }
  });

  it("stamps the socket's address over whatever a client sends in its place", async () => {
    stampPeerAddresses();
    stampPeerAddresses();
    const seen: (string | string[] | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers[PEER_ADDRESS_HEADER]);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await fetch(url, { headers: { [PEER_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "203.0.113.66" } });
      await fetch(url);
      expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("tells people how many minutes to wait, rounded up", () => {
    expect(rateLimitMessage(1)).toBe("Too many sign-in attempts. Try again in 1 minute.");
    expect(rateLimitMessage(61)).toBe("Too many sign-in attempts. Try again in 2 minutes.");
    expect(rateLimitMessage(900)).toBe("Too many sign-in attempts. Try again in 15 minutes.");
  });

  it("is a RATE_LIMITED error carrying Retry-After", () => {
    const err = new SignInRateLimitedError(120);
    expect(ERROR_STATUS[err.code]).toBe(429);
    expect(err.headers).toEqual({ "Retry-After": "120" });
    expect(errorBody(err)).toEqual({ error: { code: "RATE_LIMITED", message: "Too many sign-in attempts. Try again in 2 minutes.", details: [] } });
  });
});
