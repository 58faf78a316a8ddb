import type { Account, Profile } from "next-auth";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import type { OidcSettings } from "@/lib/env";
import type { ExternalIdentity } from "./oidc-identity";

/** The Auth.js provider id; the callback URL to register is `<public URL>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";

const GITHUB = "https://github.com";

/** Issuers compare as URLs, so a trailing slash in the configuration does not matter. */
export function issuerKey(issuer: string): string {
  return new URL(issuer).href.replace(/\/$/, "");
}

/**
 * The single sign-on provider for Auth.js. Any OpenID Connect issuer works through discovery
 * (`<issuer>/.well-known/openid-configuration`). GitHub speaks only OAuth 2, so the issuer
 * `https://github.com` selects Auth.js's GitHub provider under the same id, with the verified
 * primary email read from the API.
 */
export function oidcProvider(settings: OidcSettings): Provider {
  if (issuerKey(settings.issuer) === GITHUB) {
    return GitHub({
      id: OIDC_PROVIDER_ID,
      name: settings.name,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      checks: ["pkce", "state"],
      userinfo: {
        url: "https://api.github.com/user",
        async request({ tokens }: { tokens: { access_token?: string } }) {
          const get = (path: string) =>
            fetch(`https://api.github.com${path}`, {
              headers: { Authorization: `Bearer ${tokens.access_token}`, "User-Agent": "qa-studio", Accept: "application/vnd.github+json" },
            });
          const profile = await (await get("/user")).json();
          const emails = await get("/user/emails").then((r) => (r.ok ? r.json() : []));
          const email = githubVerifiedEmail(emails);
          return { ...profile, email, email_verified: email !== null };
        },
      },
    });
  }
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: "oidc",
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ["pkce", "state", "nonce"],
  };
}

/** GitHub lists every address of the account; only a verified one may identify a user here. */
export function githubVerifiedEmail(emails: unknown): string | null {
  if (!Array.isArray(emails)) return null;
  const verified = emails.filter((e): e is { email: string; primary?: boolean; verified: true } => e?.verified === true && typeof e.email === "string");
  return (verified.find((e) => e.primary) ?? verified[0])?.email ?? null;
}

/** What the provider says about the person, in the terms the user mapping needs. */
export function externalIdentity(settings: OidcSettings, account: Pick<Account, "providerAccountId" | "type">, profile: Profile | undefined): ExternalIdentity {
  const verified = profile?.email_verified as unknown;
  const name = profile?.name ?? profile?.preferred_username ?? profile?.nickname ?? (profile as { login?: string } | undefined)?.login;
  return {
    issuer: issuerKey(settings.issuer),
    subject: String(account.providerAccountId),
    type: account.type,
    email: typeof profile?.email === "string" && profile.email.includes("@") ? profile.email.trim() : null,
    emailVerified: verified === true || verified === "true",
    name: typeof name === "string" ? name : null,
  };
}
