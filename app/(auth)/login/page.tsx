import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { SingleSignOnButton } from "@/components/auth/single-sign-on-button";
import { auth, singleSignOnName } from "@/lib/auth/config";

export const metadata: Metadata = { title: "Sign in" };

const SSO_FAILED = "Single sign-on did not complete. Try again, or ask an administrator to check its configuration.";

/** Errors Auth.js and the single sign-on mapping send back here as `?error=` (and `&code=`). */
const NOTICES: Record<string, string> = {
  disabled: "Your account is disabled. Ask an administrator to enable it.",
  CredentialsSignin: "That email and password do not match an active account.",
  rate_limited: "Too many sign-in attempts. Wait a few minutes, then try again.",
  sso_unverified_email: "Your identity provider did not confirm an email address for you, so it cannot be matched to a QA Studio account.",
  sso_no_account: "You have no QA Studio account yet. Ask an administrator to invite you, then sign in again.",
  AccessDenied: "Sign-in was refused.",
  OAuthSignin: SSO_FAILED,
  OAuthCallbackError: SSO_FAILED,
  OAuthAccountNotLinked: SSO_FAILED,
  Configuration: "Sign-in failed because of a server configuration problem. Ask an administrator to check the server log.",
};

/** The query string is the visitor's to write; only our own keys pick a message. */
function noticeFor(key: string | undefined): string | undefined {
  return key && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { callbackUrl, error, code } = await searchParams;
  const session = await auth();
  if (session?.user?.id && error !== "disabled") redirect("/projects");
  const ssoName = singleSignOnName();
  const notice = error ? noticeFor(code) ?? noticeFor(error) ?? NOTICES.AccessDenied : undefined;
  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto grid h-11 w-11 place-items-center rounded-xl bg-indigo-600 text-sm font-bold text-white">QA</div>
          <h1 className="mt-3 text-xl font-semibold text-slate-900">Sign in to QA Studio</h1>
          <p className="mt-1 text-sm text-slate-600">Release milestones and go/no-go answers in one place.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {ssoName && (
            <>
              <SingleSignOnButton name={ssoName} callbackUrl={callbackUrl} />
              <div className="my-5 flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
                <span className="h-px flex-1 bg-slate-200" />
                or with your password
                <span className="h-px flex-1 bg-slate-200" />
              </div>
            </>
          )}
          <LoginForm callbackUrl={callbackUrl} notice={notice} />
        </div>
      </div>
    </div>
  );
}
