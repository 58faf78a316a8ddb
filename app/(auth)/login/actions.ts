"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { unstorableReason } from "@/lib/api/storable-text";
import { SignInRateLimited, signIn, singleSignOnName } from "@/lib/auth/config";
import { clientIp, currentSignInLimit, rateLimitMessage } from "@/lib/auth/rate-limit";

export type LoginState = { error: string | null; email: string };

/** Only same-site paths are followed after sign-in, never another host. */
function safeRedirect(target: FormDataEntryValue | null): string {
  const path = typeof target === "string" ? target : "";
  return path.startsWith("/") && !path.startsWith("//") ? path : "/projects";
}

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get("email") ?? "");
  // No account has such an email, and Postgres could not even look it up.
  if (unstorableReason(email)) return { error: "That email and password do not match an active account.", email: "" };
  // Refuse early, without running Auth.js; authorize() checks again and records the attempt.
  const limit = await currentSignInLimit({ email, ip: clientIp(await headers()) });
  if (limit.limited) return { error: rateLimitMessage(limit.retryAfterSeconds), email };
  try {
    await signIn("credentials", {
      email,
      password: String(form.get("password") ?? ""),
      redirectTo: safeRedirect(form.get("callbackUrl")),
    });
  } catch (err) {
    // A successful sign-in throws Next's redirect, which must propagate.
    if (err instanceof SignInRateLimited) return { error: rateLimitMessage(err.retryAfterSeconds), email };
    if (err instanceof AuthError) return { error: "That email and password do not match an active account.", email };
    throw err;
  }
  return { error: null, email };
}

/** Starts single sign-on: Auth.js redirects the browser to the identity provider. */
export async function loginWithSingleSignOn(form: FormData): Promise<void> {
  if (!singleSignOnName()) return;
  await signIn("oidc", { redirectTo: safeRedirect(form.get("callbackUrl")) });
}
