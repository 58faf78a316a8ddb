"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ShortcutHelp, type Shortcut } from "@/components/ui/shortcut-help";
import { useShortcuts } from "@/components/ui/use-shortcuts";

const POLL_MS = 4000;

const RUN_SHORTCUTS: Shortcut[] = [
  { keys: ["E"], what: "Execute: open the first open entry" },
  { keys: ["/"], what: "Search the entries (title or case key)" },
  { keys: ["?"], what: "Show or hide this help" },
  { keys: ["Esc"], what: "Close this help" },
];

/**
 * The run page's keys (`e` starts executing at the first open entry, `?` shows the help) and,
 * while the run is in progress, a refresh every few seconds so testers see each other's progress.
 */
export function RunShortcuts({ executeHref, live }: { executeHref: string | null; live: boolean }) {
  const router = useRouter();
  const [help, setHelp] = useState(false);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, router]);
  useShortcuts(({ key, typing, modified }) => {
    if (typing || modified) return false;
    if (key === "?") {
      setHelp((h) => !h);
      return true;
    }
    if (help || document.querySelector("dialog[open]")) return false;
    if (key === "e" && executeHref) {
      router.push(executeHref);
      return true;
    }
    return false;
  });
  return <ShortcutHelp open={help} onClose={() => setHelp(false)} shortcuts={RUN_SHORTCUTS} note="Shift and Caps Lock make no difference." />;
}
