"use client";

import { Kbd } from "@/components/ui/kbd";
import { useExecute } from "../execute-provider";

const ACCEPT =
  "image/png,image/jpeg,image/gif,image/webp,video/webm,application/pdf,application/zip,text/plain,text/markdown,application/json,.md,.txt,.log,.json,.zip";

/** Files to upload with the result: picked (O), pasted or dropped anywhere on the page. */
export function AttachmentsField() {
  const { files, writable, refs } = useExecute();
  return (
    <div>
      <div className="flex items-center justify-between text-xs font-medium text-slate-700">
        <span>Attachments</span>
        <span className="font-normal text-slate-600">
          <Kbd>O</Kbd> pick files · paste a screenshot
        </span>
      </div>
      <input
        ref={refs.file}
        type="file"
        multiple
        accept={ACCEPT}
        className="sr-only"
        tabIndex={-1}
        aria-label="Attach files"
        onChange={(e) => {
          files.add([...(e.target.files ?? [])]);
          e.target.value = "";
        }}
      />
      {files.files.length === 0 ? (
        <button
          type="button"
          disabled={!writable}
          onClick={() => refs.file.current?.click()}
          className="mt-1 flex w-full items-center justify-center rounded-md border border-dashed border-slate-300 px-3 py-3 text-xs text-slate-600 hover:border-indigo-300 hover:text-indigo-700 disabled:opacity-50"
        >
          Drop in files or press Ctrl/⌘ V to paste a screenshot
        </button>
      ) : (
        <ul className="mt-1 space-y-1.5" data-testid="attachments">
          {files.files.map((f) => (
            <li key={f.id} className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1.5 text-xs">
              {f.preview ? (
                <img src={f.preview} alt="" className="h-8 w-12 rounded object-cover ring-1 ring-slate-200" />
              ) : (
                <span className="flex h-8 w-12 items-center justify-center rounded bg-slate-100 text-slate-600">file</span>
              )}
              <span className="min-w-0 flex-1 truncate text-slate-800">{f.file.name}</span>
              <span className="text-slate-600 tabular-nums">{Math.max(1, Math.round(f.file.size / 1024))} KB</span>
              <button type="button" onClick={() => files.remove(f.id)} className="rounded px-1 text-slate-600 hover:bg-slate-100 hover:text-rose-700" aria-label={`Remove ${f.file.name}`}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.files.length > 0 && <p className="mt-1 text-[11px] text-slate-600">Uploaded with the result when you save.</p>}
    </div>
  );
}
