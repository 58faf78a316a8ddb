import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppShell } from "@/app/_shell/app-shell";
import { UsersManager } from "@/components/admin/users-manager";
import { AdminTabs } from "@/components/defects/admin-tabs";
import { EmptyState } from "@/components/ui/empty-state";
import { pageContext } from "@/lib/auth/page-context";
import { listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

type Props = { searchParams: Promise<{ q?: string }> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const ctx = await pageContext();
  // The page does not exist for anyone but instance admins.
  if (!ctx.actor.isAdmin) notFound();
  const q = (await searchParams).q?.trim().slice(0, 200) || undefined;
  const users = await listUsers(ctx, { q }, { limit: 200 });
  return (
    <AppShell actor={ctx.actor}>
      <AdminTabs current="users" />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Users</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Everyone who can sign in to this QA Studio. Add people to projects from each project&rsquo;s Members page. A disabled user is
            signed out and their API keys stop working on their next request.
          </p>
        </div>
        <form method="get" className="flex items-center gap-2" role="search">
          <input name="q" defaultValue={q} placeholder="Search email or name" aria-label="Search users" className="w-64 rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100 focus:outline-none" />
          <button className="rounded-md px-3 py-2 text-sm text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50">Search</button>
        </form>
      </div>
      <div className="mt-6">
        <UsersManager users={users.data} currentUserId={ctx.actor.userId} />
        {users.data.length === 0 && (
          <div className="mt-4">
            <EmptyState title={`No users match “${q}”`}>Clear the search to see everyone.</EmptyState>
          </div>
        )}
        {users.nextCursor && <p className="mt-3 text-xs text-slate-600">Showing the first {users.data.length} users by email; search to narrow the list.</p>}
      </div>
    </AppShell>
  );
}
