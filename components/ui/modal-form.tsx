"use client";

import { useId, useLayoutEffect, useRef } from "react";

type ModalFormProps = {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit: (form: FormData) => void;
  submitLabel: string;
  pending: boolean;
  error?: string | null;
  children: React.ReactNode;
};

/**
 * A native <dialog> with a form: Esc closes it, focus stays inside, no extra dependency.
 * Submitted through onSubmit rather than a form action, because React resets a form after its
 * action: a refused submit would wipe what was typed.
 *
 * Nothing is rendered while it is closed: a page with a Waive and a Quarantine action on each of
 * hundreds of failures would otherwise send every form in its HTML. Each opening mounts a fresh
 * form, so the fields start empty again.
 */
export function ModalForm(props: ModalFormProps) {
  return props.open ? <OpenModalForm {...props} /> : null;
}

function OpenModalForm({ title, onClose, onSubmit, submitLabel, pending, error, children }: ModalFormProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Closed before it leaves the page, so the browser returns focus to the button that opened it.
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      // Opened from a table cell, it must not inherit the cell's alignment or nowrap.
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl border border-slate-200 p-0 text-left font-normal whitespace-normal shadow-xl backdrop:bg-slate-900/30"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(new FormData(e.currentTarget));
        }}
        className="space-y-4 p-6"
      >
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">{title}</h2>
        {children}
        {error && <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{error}</p>}
        <div className="flex justify-end gap-2 pt-2">
          <button type="button" onClick={onClose} className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">Cancel</button>
          <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
            {pending ? "Saving…" : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
