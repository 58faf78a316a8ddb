"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/config";

export type LoginState = { error: string | null; email: string };

/** Only same-site paths are followed after sign-in, never another host. */
function safeRedirect(target: FormDataEntryValue | null): string {
  const path = typeof target === "string" ? target : "";
  return path.startsWith("/") && !path.startsWith("//") ? path : "/projects";
}

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", {
      email,
      password: String(form.get("password") ?? ""),
      redirectTo: safeRedirect(form.get("callbackUrl")),
    });
  } catch (err) {
    // A successful sign-in throws Next's redirect, which must propagate.
    if (err instanceof AuthError) return { error: "That email and password do not match an active account.", email };
    throw err;
  }
  return { error: null, email };
}
