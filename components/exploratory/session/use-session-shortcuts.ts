"use client";

import { useShortcuts } from "@/components/ui/use-shortcuts";
import { KINDS, type SessionState } from "./session-provider";

/** N or / writes a note, 1–4 (Alt + digit while typing) picks its kind, S starts, F finishes; Shift and Caps Lock make no difference. */
export function useSessionShortcuts(s: SessionState) {
  useShortcuts(({ key, typing, modified, event }) => {
    if (s.finishing) return false;
    const target = event.target as HTMLElement | null;
    if ((event.ctrlKey || event.metaKey) && key === "Enter" && target === s.bodyRef.current) {
      void s.addNote();
      return true;
    }
    if (event.altKey && /^Digit[1-4]$/.test(event.code) && s.writable) {
      s.setKind(KINDS[Number(event.code.slice(5)) - 1]);
      return true;
    }
    if (key === "Escape" && typing) {
      target?.blur();
      return false;
    }
    if (typing || modified) return false;
    if (s.writable && /^[1-4]$/.test(key)) {
      s.setKind(KINDS[Number(key) - 1]);
      s.bodyRef.current?.focus();
      return true;
    }
    if (s.writable && (key === "n" || key === "/")) {
      s.bodyRef.current?.focus();
      return true;
    }
    if (s.canWrite && key === "s" && s.session.status === "PLANNED") {
      void s.changeStatus("IN_PROGRESS");
      return true;
    }
    if (s.writable && key === "f") {
      s.setFinishing(true);
      return true;
    }
    return false;
  });
}
