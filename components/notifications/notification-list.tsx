"use client";

import Link from "next/link";
import { useEffect } from "react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { NotificationItem } from "@/lib/slack/schemas";

const KIND_LABEL: Record<NotificationItem["kind"], { label: string; tone: string; icon: string }> = {
  MILESTONE_DUE: { label: "Due soon", tone: "bg-amber-100 text-amber-800", icon: "◔" },
  MILESTONE_OVERDUE: { label: "Overdue", tone: "bg-rose-100 text-rose-800", icon: "!" },
  RUN_FAILED: { label: "Run failed", tone: "bg-rose-100 text-rose-800", icon: "✖" },
  RUN_COMPLETED: { label: "Run completed", tone: "bg-emerald-100 text-emerald-800", icon: "✔" },
  VERDICT_CHANGED: { label: "Verdict changed", tone: "bg-indigo-100 text-indigo-800", icon: "⇄" },
  QUARANTINE_EXPIRED: { label: "Quarantine expired", tone: "bg-amber-100 text-amber-800", icon: "⌛" },
  TEST: { label: "Test", tone: "bg-slate-100 text-slate-700", icon: "•" },
};

const SLACK_LABEL: Record<NotificationItem["slack"], string> = {
  PENDING: "Slack: queued",
  SENDING: "Slack: sending",
  SENT: "Sent to Slack",
  FAILED: "Slack: failed",
  IN_APP: "In app only",
  SUPERSEDED: "Replaced",
};

/** The notification centre's list; "Mark all read" also answers Shift+R. */
export function NotificationList({ items, unreadCount }: { items: NotificationItem[]; unreadCount: number }) {
  const { run, pending, error } = useApiWrite();

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      if (e.key === "R" && e.shiftKey && unreadCount > 0) void run("POST", "/api/notifications/read", { all: true });
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [run, unreadCount]);

  if (!items.length) {
    return (
      <EmptyState title="Nothing here yet">
        Milestone reminders, run results and verdict changes of your projects appear here (and in Slack, where a project has a channel).
      </EmptyState>
    );
  }
  return (
    <div>
      <div className="mb-3 flex items-center justify-between">
        <p className="text-sm text-slate-600" data-testid="unread-summary">
          {unreadCount ? `${unreadCount} unread` : "All caught up"}
        </p>
        <button
          type="button"
          disabled={pending || unreadCount === 0}
          onClick={() => void run("POST", "/api/notifications/read", { all: true })}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
          title="Shift+R"
        >
          Mark all read <kbd className="ml-1 rounded border border-slate-300 px-1 text-[10px] text-slate-600">⇧R</kbd>
        </button>
      </div>
      {error && <p role="alert" className="mb-2 text-sm text-rose-600">{error}</p>}
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="notification-list">
        {items.map((n) => {
          const kind = KIND_LABEL[n.kind];
          return (
            <li key={n.id} className={`flex gap-4 px-4 py-3 ${n.read ? "" : "bg-indigo-50/40"}`}>
              <span className={`mt-0.5 grid h-8 w-8 shrink-0 place-items-center rounded-full text-sm font-bold ${kind.tone}`} aria-hidden="true">{kind.icon}</span>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  {!n.read && <span className="h-2 w-2 rounded-full bg-indigo-600" aria-label="Unread" />}
                  {n.path ? (
                    <Link href={n.path} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">{n.title}</Link>
                  ) : (
                    <span className="font-medium text-slate-900">{n.title}</span>
                  )}
                </div>
                <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{n.text.split(" — ").slice(1).join(" — ") || n.text}</p>
                <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <Badge value={n.project.key} label={n.project.key} />
                  <span>{kind.label}</span>
                  <span aria-hidden="true">·</span>
                  <span>{formatDateTime(n.createdAt)}</span>
                  <span aria-hidden="true">·</span>
                  <span>{SLACK_LABEL[n.slack]}</span>
                </div>
              </div>
              {!n.read && (
                <button
                  type="button"
                  onClick={() => void run("POST", "/api/notifications/read", { ids: [n.id] })}
                  className="self-start rounded-md px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50"
                >
                  Mark read
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
