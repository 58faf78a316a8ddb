import { formatDateTime } from "@/components/ui/format";
import type { Shortcut } from "@/components/ui/shortcut-help";
import type { Overall, StepStatus, Tracker } from "./types";

export const OVERALL: { status: Overall; key: string; label: string }[] = [
  { status: "PASSED", key: "P", label: "Passed" },
  { status: "FAILED", key: "F", label: "Failed" },
  { status: "BLOCKED", key: "B", label: "Blocked" },
  { status: "SKIPPED", key: "S", label: "Skipped" },
  { status: "RETEST", key: "R", label: "Retest" },
];
export const KEY_STATUS: Record<string, Overall> = { p: "PASSED", f: "FAILED", b: "BLOCKED", s: "SKIPPED", r: "RETEST" };
export const STEP_CYCLE: StepStatus[] = ["UNTESTED", "PASSED", "FAILED", "BLOCKED", "SKIPPED"];
export const STEP_BUTTONS: { status: StepStatus; label: string; glyph: string }[] = [
  { status: "PASSED", label: "Pass", glyph: "✓" },
  { status: "FAILED", label: "Fail", glyph: "✕" },
  { status: "BLOCKED", label: "Blocked", glyph: "⊘" },
  { status: "SKIPPED", label: "Skip", glyph: "↷" },
];

export const EXECUTE_SHORTCUTS: Shortcut[] = [
  { keys: ["P"], what: "Overall status: passed" },
  { keys: ["F"], what: "Overall status: failed" },
  { keys: ["B"], what: "Overall status: blocked" },
  { keys: ["S"], what: "Overall status: skipped" },
  { keys: ["R"], what: "Overall status: retest" },
  { keys: ["1", "…", "9"], what: "Select step N and cycle its status: untested → pass → fail → blocked → skip" },
  { keys: ["A"], what: "Mark every untested step passed" },
  { keys: ["N"], what: "Save and go to the next entry" },
  { keys: ["Ctrl/⌘", "Enter"], what: "Save and next, also while typing" },
  { keys: ["J"], what: "Next entry without saving" },
  { keys: ["K"], what: "Previous entry without saving" },
  { keys: ["C"], what: "Focus the comment" },
  { keys: ["D"], what: "Focus the defect key" },
  { keys: ["T"], what: "Focus the elapsed time" },
  { keys: ["O"], what: "Attach files (Ctrl/⌘ V pastes a screenshot; dropping files works too)" },
  { keys: ["Y"], what: "Copy the two-factor code (cases tagged with a shared token)" },
  { keys: ["U"], what: "Back to the run" },
  { keys: ["?"], what: "Show or hide this help" },
  { keys: ["Esc"], what: "Leave a text field / close this help" },
];

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}

/** "4:30", "1:02:03", "1h 5m 10s", "90s", or a plain number of minutes; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  if (/^\d+(:\d{1,2}){1,2}$/.test(t)) {
    return t.split(":").reduce((acc, part) => acc * 60 + Number(part), 0) * 1000;
  }
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 60_000);
  const units = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s(?:ec)?)?$/.exec(t);
  if (!units || !(units[1] || units[2] || units[3])) return undefined;
  return ((Number(units[1] ?? 0) * 60 + Number(units[2] ?? 0)) * 60 + Number(units[3] ?? 0)) * 1000;
}

export function trackerOf(url: string): Tracker {
  if (/github\.com/i.test(url)) return "GITHUB";
  if (/linear\.app/i.test(url)) return "LINEAR";
  if (/atlassian\.net|jira/i.test(url)) return "JIRA";
  return "OTHER";
}

export function relative(iso: string, now: number): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return formatDateTime(iso);
}

/** The overall status the steps suggest: any failure fails, any block blocks, all passed (or skipped) passes. */
export function derive(steps: StepStatus[]): Overall | null {
  if (steps.includes("FAILED")) return "FAILED";
  if (steps.includes("BLOCKED")) return "BLOCKED";
  if (steps.length && steps.every((s) => s === "PASSED" || s === "SKIPPED") && steps.includes("PASSED")) return "PASSED";
  return null;
}
