/** A labelled horizontal bar with its number, and an optional target marker (server-safe). */
export function Meter({
  label,
  value,
  target,
  tone,
  detail,
  testId,
}: {
  label: string;
  value: number | null;
  target?: number;
  tone: "good" | "bad" | "neutral";
  detail?: string;
  testId?: string;
}) {
  const fill = tone === "good" ? "bg-emerald-500" : tone === "bad" ? "bg-rose-500" : "bg-indigo-500";
  const pct = value === null ? 0 : Math.max(0, Math.min(100, value));
  return (
    <div data-testid={testId}>
      <div className="flex items-baseline justify-between gap-3">
        <span className="text-sm font-medium text-slate-700">{label}</span>
        <span className="text-2xl font-semibold tabular-nums text-slate-900">
          {value === null ? <span className="text-slate-500">—</span> : `${value.toFixed(1)}%`}
        </span>
      </div>
      <div
        className="relative mt-2 h-3 w-full rounded-full bg-slate-100 print:border print:border-slate-300"
        role="img"
        aria-label={`${label}: ${value === null ? "no data" : `${value.toFixed(1)}%`}${target !== undefined ? `, target ${target}%` : ""}`}
      >
        <div className={`h-3 rounded-full ${fill} print:[print-color-adjust:exact]`} style={{ width: `${pct}%` }} />
        {target !== undefined && (
          <div className="absolute -top-1 h-5 w-0.5 bg-slate-900" style={{ left: `${Math.min(100, target)}%` }} title={`Target ${target}%`} />
        )}
      </div>
      {detail && <p className="mt-1 text-xs text-slate-600">{detail}</p>}
    </div>
  );
}
