import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/_shell/app-shell";
import { NotificationList } from "@/components/notifications/notification-list";
import { pageContext } from "@/lib/auth/page-context";
import { CENTRE_DAYS, listNotifications } from "@/lib/notify/queries";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ unread?: string }> }) {
  const ctx = await pageContext();
  const unreadOnly = (await searchParams).unread === "1";
  const list = await listNotifications({ ctx, query: { limit: "200", ...(unreadOnly ? { unread: "1" } : {}) } });
  const tab = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`;
  return (
    <AppShell actor={ctx.actor}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Notifications</h1>
          <p className="mt-1 text-sm text-slate-600">
            The alerts of your projects from the last {CENTRE_DAYS} days: the same ones Slack receives, sent once each.
          </p>
        </div>
        <nav className="flex gap-1" aria-label="Filter">
          <Link href="/notifications" className={tab(!unreadOnly)}>All</Link>
          <Link href="/notifications?unread=1" className={tab(unreadOnly)}>Unread</Link>
        </nav>
      </div>
      <div className="mt-6">
        <NotificationList items={list.data} unreadCount={list.unreadCount} />
      </div>
    </AppShell>
  );
}
