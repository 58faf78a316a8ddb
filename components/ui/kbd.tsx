/** A key cap for shortcut hints; `dark` sits on a coloured button. */
export function Kbd({ children, dark = false }: { children: React.ReactNode; dark?: boolean }) {
  return (
    <kbd
      className={`inline-flex min-w-5 items-center justify-center rounded border px-1 font-mono text-[10px] leading-4 font-semibold ${
        dark ? "border-white/40 bg-white/15 text-white" : "border-slate-300 bg-white text-slate-600 shadow-[0_1px_0_0_rgb(203_213_225)]"
      }`}
    >
      {children}
    </kbd>
  );
}
