"use client";

import { useEffect, useRef } from "react";
import { Kbd } from "./kbd";

export type Shortcut = { keys: string[]; what: string };

/**
 * The `?` overlay. A modal <dialog>: it takes focus when it opens, Tab and Shift+Tab stay inside
 * it, Esc closes it, and focus returns to where it was.
 */
export function ShortcutHelp({ open, onClose, shortcuts, note }: { open: boolean; onClose: () => void; shortcuts: Shortcut[]; note?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function onKeyDown(e: React.KeyboardEvent<HTMLDialogElement>) {
    if (e.key !== "Tab") return;
    const focusable = [...e.currentTarget.querySelectorAll<HTMLElement>("button, [href], input, [tabindex]:not([tabindex='-1'])")];
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      aria-label="Keyboard shortcuts"
      onKeyDown={onKeyDown}
      onClose={() => {
        onClose();
        const back = opener.current;
        opener.current = null;
        if (back && back !== document.body && document.contains(back)) back.focus();
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl p-0 shadow-2xl backdrop:bg-slate-900/40"
      data-testid="shortcut-help"
    >
      <div className="p-6">
        <div className="flex items-center justify-between">
          <h2 className="text-lg font-semibold text-slate-900">Keyboard shortcuts</h2>
          <button type="button" onClick={onClose} data-autofocus className="rounded px-2 text-slate-600 hover:bg-slate-100" aria-label="Close">
            ✕
          </button>
        </div>
        {note && <p className="mt-1 text-sm text-slate-600">{note}</p>}
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {shortcuts.map((s) => (
            <div key={s.what} className="contents">
              <dt className="flex items-center gap-1 justify-self-end">
                {s.keys.map((k) => (k === "…" ? <span key={k} className="text-slate-600">–</span> : <Kbd key={k}>{k}</Kbd>))}
              </dt>
              <dd className="text-slate-700">{s.what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </dialog>
  );
}
