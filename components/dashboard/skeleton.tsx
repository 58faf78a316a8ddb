/** A grey placeholder block while a dashboard widget loads. */
export function WidgetSkeleton({ height = "h-40", label }: { height?: string; label: string }) {
  return (
    <div className={`${height} animate-pulse rounded-xl border border-slate-200 bg-slate-100/70`} role="status" aria-label={`Loading ${label}`} />
  );
}
