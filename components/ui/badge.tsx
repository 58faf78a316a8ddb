import { titleCase } from "./format";

const TONES: Record<string, string> = {
  ACTIVE: "bg-blue-50 text-blue-700 ring-blue-200",
  COMPLETED: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  ARCHIVED: "bg-slate-100 text-slate-600 ring-slate-200",
  PLANNED: "bg-slate-100 text-slate-700 ring-slate-200",
  IN_PROGRESS: "bg-amber-50 text-amber-800 ring-amber-200",
  ABORTED: "bg-rose-50 text-rose-700 ring-rose-200",
  MANUAL: "bg-violet-50 text-violet-700 ring-violet-200",
  AUTOMATED: "bg-cyan-50 text-cyan-700 ring-cyan-200",
  EXPLORATORY: "bg-fuchsia-50 text-fuchsia-700 ring-fuchsia-200",
  ADMIN: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  TESTER: "bg-teal-50 text-teal-700 ring-teal-200",
  VIEWER: "bg-slate-100 text-slate-700 ring-slate-200",
  DISABLED: "bg-rose-50 text-rose-700 ring-rose-200",
  // Against the baseline milestone: a regression, a known failure, or a case the baseline never ran.
  NEW: "bg-rose-50 text-rose-800 ring-rose-300",
  KNOWN: "bg-slate-100 text-slate-700 ring-slate-200",
  UNKNOWN: "bg-white text-slate-600 ring-slate-200",
};

export function Badge({ value, label }: { value: string; label?: string }) {
  const tone = TONES[value] ?? "bg-slate-100 text-slate-700 ring-slate-200";
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>
      {label ?? titleCase(value)}
    </span>
  );
}
