import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { auth } from "@/lib/auth/config";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  disabled: "Your account is disabled. Ask an administrator to enable it.",
  CredentialsSignin: "That email and password do not match an active account.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { callbackUrl, error } = await searchParams;
  const session = await auth();
  if (session?.user?.id && error !== "disabled") redirect("/projects");
  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto grid h-11 w-11 place-items-center rounded-xl bg-indigo-600 text-sm font-bold text-white">QA</div>
          <h1 className="mt-3 text-xl font-semibold text-slate-900">Sign in to QA Studio</h1>
          <p className="mt-1 text-sm text-slate-500">Release milestones and go/no-go answers in one place.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <LoginForm callbackUrl={callbackUrl} notice={error ? NOTICES[error] : undefined} />
        </div>
      </div>
    </div>
  );
}
