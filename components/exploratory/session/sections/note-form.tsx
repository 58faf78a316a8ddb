"use client";

import { compactInputClass } from "@/components/ui/field";
import { Kbd } from "@/components/ui/kbd";
import { KIND_STYLES } from "../../parts";
import { KINDS, useSession } from "../session-provider";

/** The note being written: kind, markdown body, an optional defect, and files. */
export function NoteForm() {
  const { kind, setKind, body, setBody, defectKey, setDefectKey, defectUrl, setDefectUrl, files, busy, bodyRef, fileRef, addNote } = useSession();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void addNote();
      }}
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      aria-label="New note"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap gap-1" role="radiogroup" aria-label="Kind">
          {KINDS.map((k, i) => {
            const on = kind === k;
            return (
              <button
                key={k}
                type="button"
                role="radio"
                aria-checked={on}
                onClick={() => setKind(k)}
                className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition ${
                  on ? KIND_STYLES[k].solid : "bg-white text-slate-700 ring-slate-200 hover:ring-slate-300"
                }`}
              >
                {KIND_STYLES[k].label}
                <Kbd dark={on}>{i + 1}</Kbd>
              </button>
            );
          })}
        </div>
        <span className="text-[11px] text-slate-600">Alt + 1–4 while typing</span>
      </div>
      <label htmlFor="note-body" className="sr-only">Note</label>
      <textarea
        id="note-body"
        ref={bodyRef}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={3}
        className={`${compactInputClass} mt-3 resize-y`}
        aria-describedby="note-help"
      />
      <p id="note-help" className="mt-1 text-[11px] text-slate-600">
        What did you try, see or wonder? Markdown works. Paste a screenshot or drop files to attach them.
      </p>
      <details className="mt-2 text-sm" open={!!defectKey || undefined}>
        <summary className="cursor-pointer text-xs font-medium text-slate-700 select-none">Link a defect</summary>
        <div className="mt-2 grid grid-cols-[9rem_1fr] gap-2">
          <input aria-label="Defect key" value={defectKey} onChange={(e) => setDefectKey(e.target.value)} className={`${compactInputClass} font-mono`} />
          <input aria-label="Defect URL" type="url" value={defectUrl} onChange={(e) => setDefectUrl(e.target.value)} className={compactInputClass} />
        </div>
      </details>
      <input
        ref={fileRef}
        type="file"
        multiple
        className="sr-only"
        tabIndex={-1}
        aria-label="Attach files"
        onChange={(e) => {
          files.add([...(e.target.files ?? [])]);
          e.target.value = "";
        }}
      />
      {files.files.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-2" data-testid="pending-files">
          {files.files.map((f) => (
            <li key={f.id} className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1 text-xs">
              {f.preview && <img src={f.preview} alt="" className="h-6 w-9 rounded object-cover" />}
              <span className="max-w-40 truncate">{f.file.name}</span>
              <button type="button" onClick={() => files.remove(f.id)} className="text-slate-600 hover:text-rose-700" aria-label={`Remove ${f.file.name}`}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex items-center justify-between gap-2">
        <button type="button" onClick={() => fileRef.current?.click()} className="rounded-md px-2 py-1.5 text-xs text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50">
          Attach files
        </button>
        <button
          type="submit"
          disabled={busy}
          className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
        >
          {busy ? "Adding…" : `Add ${KIND_STYLES[kind].label.toLowerCase()}`}
          <Kbd dark>Ctrl ↵</Kbd>
        </button>
      </div>
    </form>
  );
}
