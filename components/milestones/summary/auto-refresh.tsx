"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/**
 * Keeps the summary current while CI posts: polls the milestone's cheap activity stamp every few
 * seconds (only while the tab is visible) and re-renders the server components when it changes,
 * without a full reload. Shows when the page last refreshed.
 */
export function AutoRefresh({ url, initialVersion, intervalMs = 5000 }: { url: string; initialVersion: string; intervalMs?: number }) {
  const router = useRouter();
  const version = useRef(initialVersion);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [live, setLive] = useState(true);

  useEffect(() => {
    version.current = initialVersion;
  }, [initialVersion]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function tick() {
      if (stopped) return;
      if (document.visibilityState === "visible") {
        try {
          const res = await fetch(url, { cache: "no-store" });
          if (res.ok) {
            const body = (await res.json()) as { version: string };
            setLive(true);
            if (body.version !== version.current) {
              version.current = body.version;
              setUpdatedAt(new Date());
              router.refresh();
            }
          } else setLive(false);
        } catch {
          setLive(false);
        }
      }
      timer = setTimeout(tick, intervalMs);
    }
    timer = setTimeout(tick, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url, intervalMs, router]);

  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-600 print:hidden" data-testid="auto-refresh" aria-live="polite">
      <span className={`h-2 w-2 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-slate-300"}`} aria-hidden />
      {live ? "Live" : "Offline"}
      {updatedAt && <span>· updated {updatedAt.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" })}</span>}
    </span>
  );
}
