import Link from "next/link";
import { signOut } from "@/lib/auth/config";
import type { Actor } from "@/lib/context";
import { NotificationBell } from "@/components/notifications/notification-bell";

export function AppShell({ actor, children }: { actor: Actor; children: React.ReactNode }) {
  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/login" });
  }
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-6">
          <Link href="/projects" className="flex items-center gap-2 font-semibold text-slate-900">
            <span className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white">QA</span>
            QA Studio
          </Link>
          <nav className="flex items-center gap-4 text-sm text-slate-600">
            <Link href="/projects" className="hover:text-slate-900">Projects</Link>
            <Link href="/my-work" className="hover:text-slate-900">My work</Link>
            <Link href="/settings/api-keys" className="hover:text-slate-900">API keys</Link>
            <Link href="/api-docs" className="hover:text-slate-900">API docs</Link>
            {actor.isAdmin && <Link href="/admin/users" className="hover:text-slate-900">Admin</Link>}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <NotificationBell actor={actor} />
            <span className="text-slate-600" data-testid="current-user">{actor.email}</span>
            <form action={signOutAction}>
              <button className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900">Sign out</button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8 print:max-w-none print:px-0 print:py-0">{children}</main>
    </div>
  );
}
