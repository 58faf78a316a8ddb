import { titleCase } from "./format";

/**
 * The one palette for entry/result statuses and case priorities. Chip text keeps at least 4.5:1
 * contrast against its background (WCAG AA), so the label reads on its own without the colour.
 */
export const STATUS_TONES: Record<string, { chip: string; dot: string; solid: string }> = {
  PASSED: { chip: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500", solid: "bg-emerald-700 text-white ring-emerald-700" },
  FAILED: { chip: "bg-rose-50 text-rose-800 ring-rose-200", dot: "bg-rose-500", solid: "bg-rose-700 text-white ring-rose-700" },
  BLOCKED: { chip: "bg-amber-50 text-amber-900 ring-amber-200", dot: "bg-amber-500", solid: "bg-amber-700 text-white ring-amber-700" },
  SKIPPED: { chip: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-400", solid: "bg-slate-600 text-white ring-slate-600" },
  RETEST: { chip: "bg-violet-50 text-violet-800 ring-violet-200", dot: "bg-violet-500", solid: "bg-violet-700 text-white ring-violet-700" },
  UNTESTED: { chip: "bg-white text-slate-600 ring-slate-200", dot: "bg-slate-200", solid: "bg-slate-200 text-slate-800 ring-slate-200" },
};

export const PRIORITY_TONES: Record<string, string> = {
  CRITICAL: "bg-rose-700 text-white ring-rose-700",
  HIGH: "bg-orange-100 text-orange-900 ring-orange-300",
  MEDIUM: "bg-amber-50 text-amber-900 ring-amber-200",
  LOW: "bg-slate-100 text-slate-700 ring-slate-200",
};

export function StatusChip({ status }: { status: string }) {
  const tone = STATUS_TONES[status] ?? STATUS_TONES.UNTESTED;
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tone.chip}`}>
      <span className={`h-1.5 w-1.5 rounded-full ${tone.dot}`} aria-hidden />
      {titleCase(status)}
    </span>
  );
}

export function PriorityChip({ priority }: { priority: string }) {
  return (
    <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-semibold tracking-wide uppercase ring-1 ring-inset ${PRIORITY_TONES[priority] ?? PRIORITY_TONES.LOW}`}>
      {titleCase(priority)}
    </span>
  );
}

/** Requirement coverage (OK, NOK, NOT_RUN, UNCOVERED), with the same contrast rule as the status chips. */
export const COVERAGE_TONES: Record<string, string> = {
  OK: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  NOK: "bg-rose-50 text-rose-800 ring-rose-200",
  NOT_RUN: "bg-slate-100 text-slate-700 ring-slate-200",
  UNCOVERED: "bg-white text-amber-900 ring-amber-300",
};

export function CoverageChip({ status, label }: { status: string; label: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${COVERAGE_TONES[status] ?? COVERAGE_TONES.NOT_RUN}`}>
      {label}
    </span>
  );
}
