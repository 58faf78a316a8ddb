import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeIdentity = { sub: string; email?: string; email_verified?: boolean; name?: string };

const b64url = (data: string | Uint8Array | ArrayBuffer) =>
  Buffer.from(typeof data === "string" ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString("base64url");

/**
 * A minimal OpenID Connect issuer on a local port: discovery, JWKS, token and userinfo
 * endpoints, ID tokens signed RS256 with WebCrypto. The "browser" step is `approve()`: given
 * the authorization URL Auth.js redirected to, it returns the redirect back with a fresh code,
 * as the issuer would after the person logged in. The token endpoint checks the client secret,
 * the redirect URI and the PKCE verifier.
 */
export async function startFakeIssuer(client: { id: string; secret: string }) {
  const keys = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const jwk = { ...(await crypto.subtle.exportKey("jwk", keys.publicKey)), kid: "test-key", use: "sig", alg: "RS256" };
  const codes = new Map<string, { identity: FakeIdentity; nonce?: string; challenge?: string; redirectUri: string }>();
  const tokenRequests: URLSearchParams[] = [];
  let issuer = "";

  async function idToken(claims: Record<string, unknown>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: jwk.kid }));
    const payload = b64url(JSON.stringify({ iss: issuer, aud: client.id, iat: now, exp: now + 300, ...claims }));
    const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", keys.privateKey, new TextEncoder().encode(`${header}.${payload}`));
    return `${header}.${payload}.${b64url(signature)}`;
  }

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      if (url.pathname === "/.well-known/openid-configuration") {
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
        });
      }
      if (url.pathname === "/jwks") return json(res, 200, { keys: [jwk] });
      if (url.pathname === "/token" && req.method === "POST") {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const basic = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
        const [id, secret] = basic.split(":").map(decodeURIComponent);
        if (id !== client.id || secret !== client.secret) return json(res, 401, { error: "invalid_client" });
        const grant = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        if (!grant || form.get("redirect_uri") !== grant.redirectUri) return json(res, 400, { error: "invalid_grant" });
        const verifier = form.get("code_verifier") ?? "";
        if (grant.challenge && createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) {
          return json(res, 400, { error: "invalid_grant", error_description: "PKCE" });
        }
        return json(res, 200, {
          access_token: `at-${grant.identity.sub}`,
          token_type: "Bearer",
          expires_in: 3600,
          id_token: await idToken({ ...grant.identity, ...(grant.nonce ? { nonce: grant.nonce } : {}) }),
        });
      }
      if (url.pathname === "/userinfo") return json(res, 401, { error: "invalid_token" });
      json(res, 404, { error: "not_found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    tokenRequests,
    /** The person logs in at the issuer: returns the callback URL the browser is sent back to. */
    approve(authorizationUrl: string, identity: FakeIdentity): URL {
      const auth = new URL(authorizationUrl);
      if (`${auth.origin}${auth.pathname}` !== `${issuer}/authorize`) throw new Error(`not our authorize URL: ${authorizationUrl}`);
      if (auth.searchParams.get("client_id") !== client.id) throw new Error("wrong client_id");
      const redirectUri = auth.searchParams.get("redirect_uri")!;
      const code = randomBytes(16).toString("base64url");
      codes.set(code, {
        identity,
        nonce: auth.searchParams.get("nonce") ?? undefined,
        challenge: auth.searchParams.get("code_challenge") ?? undefined,
        redirectUri,
      });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      const state = auth.searchParams.get("state");
      if (state) back.searchParams.set("state", state);
      return back;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
