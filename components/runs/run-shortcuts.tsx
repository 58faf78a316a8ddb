"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const POLL_MS = 4000;

/**
 * The run page's key (`e` starts executing at the first open entry) and, while the run is in
 * progress, a refresh every few seconds so testers see each other's progress.
 */
export function RunShortcuts({ executeHref, live }: { executeHref: string | null; live: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, router]);
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const el = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)))) return;
      if (e.key === "e" && executeHref) {
        e.preventDefault();
        router.push(executeHref);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [executeHref, router]);
  return null;
}
