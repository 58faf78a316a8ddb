import type { StatusCounts } from "@/lib/runs/schemas";
import { STATUS_SEGMENTS } from "./status-colors";

const SEGMENTS = STATUS_SEGMENTS;

/** A progress bar split by result status, with an accessible text summary. */
export function StatusBar({ counts, showLegend = false }: { counts: StatusCounts; showLegend?: boolean }) {
  const total = counts.total;
  const summary = SEGMENTS.filter((s) => counts[s.key] > 0)
    .map((s) => `${counts[s.key]} ${s.label.toLowerCase()}`)
    .join(", ");
  return (
    <div className="min-w-32">
      <div
        className="flex h-2 w-full overflow-hidden rounded-full bg-slate-100"
        role="img"
        aria-label={total ? `${total} entries: ${summary}` : "No entries yet"}
        title={total ? summary : "No entries yet"}
      >
        {total > 0 &&
          SEGMENTS.map((s) =>
            counts[s.key] > 0 ? (
              <div key={s.key} className={s.bg} style={{ width: `${(counts[s.key] / total) * 100}%` }} />
            ) : null,
          )}
      </div>
      {showLegend && (
        <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600">
          {total === 0 ? (
            <span>No entries yet</span>
          ) : (
            SEGMENTS.filter((s) => counts[s.key] > 0).map((s) => (
              <span key={s.key} className="inline-flex items-center gap-1">
                <span className={`h-2 w-2 rounded-full ${s.bg}`} />
                {counts[s.key]} {s.label.toLowerCase()}
              </span>
            ))
          )}
          {counts.flaky > 0 && <span className="text-amber-700">{counts.flaky} flaky</span>}
        </div>
      )}
    </div>
  );
}
