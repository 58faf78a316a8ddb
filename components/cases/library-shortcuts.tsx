"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** The library's `c` key: create a case (in the selected suite). `/` (search) lives with the filters. */
export function LibraryShortcuts({ newCaseHref }: { newCaseHref: string }) {
  const router = useRouter();
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const el = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || document.querySelector("dialog[open]")) return;
      if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
      if (e.key === "c") {
        e.preventDefault();
        router.push(newCaseHref);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [newCaseHref, router]);
  return null;
}
