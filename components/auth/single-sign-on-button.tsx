"use client";

import { useFormStatus } from "react-dom";
import { loginWithSingleSignOn } from "@/app/(auth)/login/actions";

function Submit({ name }: { name: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60"
    >
      {pending ? "Redirecting…" : `Sign in with ${name}`}
    </button>
  );
}

/** Shown only when an OIDC provider is configured (the login page passes its label). */
export function SingleSignOnButton({ name, callbackUrl }: { name: string; callbackUrl?: string }) {
  return (
    <form action={loginWithSingleSignOn}>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/projects"} />
      <Submit name={name} />
    </form>
  );
}
