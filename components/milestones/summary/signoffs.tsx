import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import type { SignoffView } from "@/lib/milestones/summary-schemas";

/** Who signed off, when, on which verdict; stale when the numbers changed since. */
export function Signoffs({ signoffs }: { signoffs: SignoffView[] }) {
  if (signoffs.length === 0) return <EmptyState title="No sign-offs yet">Stakeholders record here that they reviewed this summary.</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm print:shadow-none" data-testid="signoffs">
      {signoffs.map((s) => (
        <li key={s.id} className={`px-4 py-3 ${s.stale ? "bg-slate-50" : ""}`}>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className={`font-semibold ${s.decision === "APPROVED" ? "text-emerald-700" : "text-rose-700"}`}>
              {s.decision === "APPROVED" ? "✓ Approved" : "✕ Rejected"}
            </span>
            <span className="font-medium text-slate-900">{s.user.name}</span>
            <span className="text-xs text-slate-600">{formatDateTime(s.createdAt)}</span>
            {s.verdictAtSignoff && <span className="text-xs text-slate-600">on {s.verdictAtSignoff === "GO" ? "GO" : "NO GO"}</span>}
            {s.stale && (
              <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800" title="Runs, results or waivers changed after this sign-off">
                Stale
              </span>
            )}
          </div>
          {s.comment && <p className="mt-1 text-sm text-slate-700">“{s.comment}”</p>}
        </li>
      ))}
    </ul>
  );
}
