import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { oidcSettings } from "@/lib/env";
import { OIDC_PROVIDER_ID, externalIdentity, issuerKey, oidcProvider } from "./oidc";
import { linkedUserId, resolveExternalIdentity, type IdentityRefusal } from "./oidc-identity";
import { clientIp, limitCredentialsCallback } from "./rate-limit";
import { SESSION_VERSION_CLAIM, currentSessionVersion, endSessions, sessionIsCurrent, tokenSessionVersion } from "./session-version";
import { signInWithPassword } from "./verify-credentials";
import { logger } from "@/lib/observability/logger";

/** Thrown from authorize() when the account or client address is over its sign-in limit. */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super("Too many sign-in attempts");
  }
}

/** Where a refused single sign-on lands; the login page explains each of these. */
const REFUSED: Record<IdentityRefusal, string> = {
  disabled: "/login?error=disabled",
  unverified_email: "/login?error=sso_unverified_email",
  no_account: "/login?error=sso_no_account",
};

/**
 * Auth.js v5 with email and password, plus an optional OIDC provider from the environment, and
 * JWT sessions whose `sub` is always our users.id. The config is built lazily, on the first
 * request, so `next build` never needs a secret, a database or the identity provider.
 */
const nextAuth = NextAuth(() => {
  const oidc = oidcSettings();
  return {
    secret: process.env.AUTH_SECRET,
    trustHost: true,
    // Behind a TLS-terminating proxy the request itself is http; the public URL says what browsers use.
    ...(process.env.QA_STUDIO_PUBLIC_URL?.startsWith("https://") ? { useSecureCookies: true } : {}),
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    logger: {
      // A wrong password or a limited attempt is an expected outcome, not a server error.
      error(error: Error) {
        if (!(error instanceof CredentialsSignin)) logger().error({ err: error }, "auth: sign-in error");
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        // Auth.js passes the request (with the caller's headers) so the limit can key on its address.
        authorize: async (credentials, request) => {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          const result = await signInWithPassword(getDb(), { email, password, ip: clientIp(request.headers) });
          if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
          if (result.reason === "rate_limited") throw new SignInRateLimited(result.retryAfterSeconds);
          return null;
        },
      }),
      ...(oidc ? [oidcProvider(oidc)] : []),
    ],
    events: {
      // Sign-out ends every session of the user, on every device: a JWT cannot be revoked alone,
      // and a copied cookie of the session being signed out must stop working too.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        const version = tokenSessionVersion(token);
        if (token?.sub && version !== undefined) await endSessions(getDb(), token.sub, version);
      },
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID || !oidc) return true;
        const result = await resolveExternalIdentity(getDb(), externalIdentity(oidc, account, profile), { createUsers: oidc.createUsers });
        return result.ok ? true : REFUSED[result.reason];
      },
      async jwt({ token, account }) {
        const db = getDb();
        if (account) {
          // A sign-in. Auth.js puts the provider's own id in `sub`; the app reads `sub` as our users.id.
          let signedIn = token;
          if (account.provider === OIDC_PROVIDER_ID && oidc) {
            const user = await linkedUserId(db, issuerKey(oidc.issuer), String(account.providerAccountId));
            if (!user) return null;
            signedIn = { ...token, sub: user.id, email: user.email, name: user.name };
          }
          const version = signedIn.sub ? await currentSessionVersion(db, signedIn.sub) : null;
          return version === null ? null : { ...signedIn, [SESSION_VERSION_CLAIM]: version };
        }
        // Every later read of the session (pages, server actions, /api/auth/session): a session
        // ended by sign-out or a password change is no session, and Auth.js clears its cookie.
        return token.sub && (await sessionIsCurrent(db, token.sub, tokenSessionVersion(token))) ? token : null;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
});

export const { auth, signIn, signOut } = nextAuth;
export const handlers = { GET: nextAuth.handlers.GET, POST: limitCredentialsCallback(nextAuth.handlers.POST) };

/** The login page's single sign-on button label, or null when no provider is configured. */
export function singleSignOnName(): string | null {
  return oidcSettings()?.name ?? null;
}
