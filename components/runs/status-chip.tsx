import { titleCase } from "@/components/ui/format";

/** Colours of entry/result statuses and case priorities, shared by the run page and the execution view. */
export const STATUS_TONES: Record<string, { chip: string; dot: string; solid: string }> = {
  PASSED: { chip: "bg-emerald-50 text-emerald-700 ring-emerald-200", dot: "bg-emerald-500", solid: "bg-emerald-600 text-white ring-emerald-600" },
  FAILED: { chip: "bg-rose-50 text-rose-700 ring-rose-200", dot: "bg-rose-500", solid: "bg-rose-600 text-white ring-rose-600" },
  BLOCKED: { chip: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500", solid: "bg-amber-500 text-white ring-amber-500" },
  SKIPPED: { chip: "bg-slate-100 text-slate-600 ring-slate-200", dot: "bg-slate-400", solid: "bg-slate-500 text-white ring-slate-500" },
  RETEST: { chip: "bg-violet-50 text-violet-700 ring-violet-200", dot: "bg-violet-500", solid: "bg-violet-600 text-white ring-violet-600" },
  UNTESTED: { chip: "bg-white text-slate-500 ring-slate-200", dot: "bg-slate-200", solid: "bg-slate-200 text-slate-700 ring-slate-200" },
};

const PRIORITY_TONES: Record<string, string> = {
  CRITICAL: "bg-rose-600 text-white ring-rose-600",
  HIGH: "bg-orange-50 text-orange-700 ring-orange-200",
  MEDIUM: "bg-sky-50 text-sky-700 ring-sky-200",
  LOW: "bg-slate-50 text-slate-500 ring-slate-200",
};

export function StatusChip({ status }: { status: string }) {
  const tone = STATUS_TONES[status] ?? STATUS_TONES.UNTESTED;
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone.chip}`}>
      <span className={`h-1.5 w-1.5 rounded-full ${tone.dot}`} aria-hidden />
      {titleCase(status)}
    </span>
  );
}

export function PriorityChip({ priority }: { priority: string }) {
  return (
    <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-semibold tracking-wide uppercase ring-1 ring-inset ${PRIORITY_TONES[priority] ?? PRIORITY_TONES.LOW}`}>
      {priority.toLowerCase()}
    </span>
  );
}
