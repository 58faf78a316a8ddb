/** Covers the page while files are dragged over it. */
export function DropOverlay({ hint }: { hint: string }) {
  return (
    <div className="pointer-events-none fixed inset-0 z-40 flex items-center justify-center bg-indigo-600/10 p-6" data-testid="drop-overlay">
      <div className="rounded-2xl border-2 border-dashed border-indigo-400 bg-white/90 px-10 py-8 text-center shadow-xl">
        <p className="text-lg font-semibold text-indigo-700">Drop to attach</p>
        <p className="mt-1 text-sm text-slate-600">{hint}</p>
      </div>
    </div>
  );
}
