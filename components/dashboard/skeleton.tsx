/** A pulsing grey block shown while a dashboard widget streams in. */
export function WidgetSkeleton({ height = "h-40", label }: { height?: string; label: string }) {
  return (
    <div className={`${height} animate-pulse rounded-xl border border-slate-200 bg-slate-100/70`} role="status" aria-label={`Loading ${label}`} />
  );
}
