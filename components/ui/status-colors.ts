/** Result statuses in display order, with one colour each for bars (Tailwind) and charts (hex). */
export const STATUS_SEGMENTS = [
  { key: "passed", label: "Passed", bg: "bg-emerald-500", hex: "#10b981" },
  { key: "failed", label: "Failed", bg: "bg-rose-500", hex: "#f43f5e" },
  { key: "blocked", label: "Blocked", bg: "bg-amber-500", hex: "#f59e0b" },
  { key: "retest", label: "Retest", bg: "bg-violet-500", hex: "#8b5cf6" },
  { key: "skipped", label: "Skipped", bg: "bg-slate-400", hex: "#94a3b8" },
  { key: "untested", label: "Untested", bg: "bg-slate-200", hex: "#cbd5e1" },
] as const;

export type StatusKey = (typeof STATUS_SEGMENTS)[number]["key"];
