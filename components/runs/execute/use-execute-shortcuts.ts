"use client";

import { useRouter } from "next/navigation";
import { useShortcuts } from "@/components/ui/use-shortcuts";
import { KEY_STATUS } from "./execute-format";
import type { ExecuteState } from "./execute-provider";

/** The execution view's keys (see EXECUTE_SHORTCUTS); letters work with Shift or Caps Lock too. */
export function useExecuteShortcuts(s: ExecuteState) {
  const router = useRouter();
  const stepCount = s.data.entry.steps.length;
  useShortcuts(({ key, typing, modified, event }) => {
    if ((event.ctrlKey || event.metaKey) && key === "Enter") {
      void s.save.save();
      return true;
    }
    if (key === "Escape") {
      if (s.help) return false; // the dialog closes itself and puts focus back
      if (typing) (event.target as HTMLElement).blur();
      else s.setActiveStep(null);
      return false;
    }
    if (typing || modified) return false;
    if (key === "?") {
      s.setHelp((h) => !h);
      return true;
    }
    if (s.help) return false;
    if (s.writable && KEY_STATUS[key]) {
      s.setStatus(KEY_STATUS[key]);
      return true;
    }
    if (s.writable && /^[1-9]$/.test(key) && Number(key) <= stepCount) {
      s.cycleStep(Number(key) - 1);
      return true;
    }
    switch (key) {
      case "a":
        if (!s.writable) return false;
        s.passRemainingSteps();
        return true;
      case "n":
        void s.save.save();
        return true;
      case "j":
        if (!s.nextHref) return false;
        router.push(s.nextHref);
        return true;
      case "k":
        if (!s.prevHref) return false;
        router.push(s.prevHref);
        return true;
      case "c":
        s.refs.comment.current?.focus();
        return true;
      case "d":
        s.refs.defect.current?.focus();
        return true;
      case "t":
        s.refs.time.current?.select();
        return true;
      case "o":
        if (!s.writable) return false;
        s.refs.file.current?.click();
        return true;
      case "u":
        router.push(s.runHref);
        return true;
      case "y":
        s.copyCode();
        return true;
    }
    return false;
  });
}
