"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { NotificationBell } from "@/components/notifications/notification-bell";

type Props = { user: { email: string; isAdmin: boolean }; unread: number; signOutAction: () => Promise<void> };

/** The top bar. Below the md breakpoint the links and the account collapse into a Menu button. */
export function TopBar({ user, unread, signOutAction }: Props) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  const links = [
    { href: "/projects", label: "Projects" },
    { href: "/my-work", label: "My work" },
    { href: "/settings/api-keys", label: "API keys" },
    { href: "/api-docs", label: "API docs" },
    ...(user.isAdmin ? [{ href: "/admin/users", label: "Admin" }] : []),
  ];
  const signOut = (
    <form action={signOutAction}>
      <button className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900">Sign out</button>
    </form>
  );
  return (
    <header className="border-b border-slate-200 bg-white print:hidden">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
        <Link href="/projects" className="flex shrink-0 items-center gap-2 font-semibold text-slate-900">
          <span className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white" aria-hidden>QA</span>
          QA Studio
        </Link>
        <nav className="hidden items-center gap-4 text-sm text-slate-700 md:flex" aria-label="Main">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="hover:text-slate-900">{l.label}</Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <NotificationBell unread={unread} />
          <span className="hidden max-w-56 truncate text-slate-700 md:inline" data-testid="current-user">{user.email}</span>
          <div className="hidden md:block">{signOut}</div>
          <button
            type="button"
            className="rounded-md px-2.5 py-1.5 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 md:hidden"
            aria-expanded={open}
            aria-controls="main-menu"
            onClick={() => setOpen((o) => !o)}
          >
            Menu
          </button>
        </div>
      </div>
      {open && (
        <div id="main-menu" className="border-t border-slate-200 px-4 py-3 text-sm md:hidden" data-testid="main-menu">
          <nav className="flex flex-col gap-1" aria-label="Main">
            {links.map((l) => (
              <Link key={l.href} href={l.href} className="rounded-md px-2 py-2 text-slate-800 hover:bg-slate-100">{l.label}</Link>
            ))}
          </nav>
          <div className="mt-2 flex items-center justify-between gap-2 border-t border-slate-100 pt-2">
            <span className="min-w-0 truncate text-slate-700">{user.email}</span>
            {signOut}
          </div>
        </div>
      )}
    </header>
  );
}
