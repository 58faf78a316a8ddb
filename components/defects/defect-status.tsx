/** A defect's tracker status as a chip, coloured by Jira's status category. */
export function DefectStatus({ status, category }: { status: string | null; category: string | null }) {
  if (!status) return <span className="text-xs text-slate-500">status unknown</span>;
  const tone =
    category === "done"
      ? "bg-emerald-50 text-emerald-700 ring-emerald-200"
      : category === "indeterminate"
        ? "bg-sky-50 text-sky-700 ring-sky-200"
        : "bg-slate-100 text-slate-700 ring-slate-200";
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-[11px] font-medium ring-1 ring-inset ${tone}`}>{status}</span>;
}
