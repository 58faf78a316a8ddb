import type { NoteKind } from "@/lib/exploratory/schemas";

export const KIND_STYLES: Record<NoteKind, { label: string; plural: string; chip: string; solid: string; bar: string }> = {
  NOTE: { label: "Note", plural: "Notes", chip: "bg-slate-100 text-slate-700", solid: "bg-slate-700 text-white ring-slate-700", bar: "bg-slate-400" },
  BUG: { label: "Bug", plural: "Bugs", chip: "bg-rose-100 text-rose-800", solid: "bg-rose-700 text-white ring-rose-700", bar: "bg-rose-500" },
  QUESTION: { label: "Question", plural: "Questions", chip: "bg-amber-100 text-amber-800", solid: "bg-amber-700 text-white ring-amber-700", bar: "bg-amber-400" },
  IDEA: { label: "Idea", plural: "Ideas", chip: "bg-sky-100 text-sky-800", solid: "bg-sky-700 text-white ring-sky-700", bar: "bg-sky-500" },
};

/** "4:05", "1:02:03". */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}

/** Findings by kind as a stacked bar with counts. */
export function FindingsSummary({ counts }: { counts: Record<NoteKind, number> }) {
  const order: NoteKind[] = ["BUG", "QUESTION", "IDEA", "NOTE"];
  const total = order.reduce((n, k) => n + counts[k], 0);
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-label="Findings" data-testid="findings-summary">
      <div className="flex items-baseline justify-between">
        <span className="text-sm font-medium text-slate-800">Findings</span>
        <span className="text-xs text-slate-600 tabular-nums">{total} written down</span>
      </div>
      <div className="mt-3 flex h-2 w-full overflow-hidden rounded-full bg-slate-100" role="img" aria-label={order.map((k) => `${counts[k]} ${KIND_STYLES[k].plural.toLowerCase()}`).join(", ")}>
        {total > 0 && order.map((k) => (counts[k] ? <div key={k} className={KIND_STYLES[k].bar} style={{ width: `${(counts[k] / total) * 100}%` }} /> : null))}
      </div>
      <dl className="mt-3 grid grid-cols-4 gap-2">
        {order.map((k) => (
          <div key={k}>
            <dt className="flex items-center gap-1.5 text-xs text-slate-600">
              <span className={`h-2 w-2 rounded-full ${KIND_STYLES[k].bar}`} aria-hidden />
              {KIND_STYLES[k].plural}
            </dt>
            <dd className={`text-lg font-semibold tabular-nums ${k === "BUG" && counts[k] ? "text-rose-700" : "text-slate-900"}`} data-testid={`findings-${k.toLowerCase()}`}>
              {counts[k]}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
