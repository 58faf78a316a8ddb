"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";

type RowError = { field: string; message: string };

/**
 * A file import into the case library: a button opening a dialog that uploads the chosen file.
 * The server checks every row first and writes nothing when any is invalid; its row-numbered
 * errors are listed here, so the user fixes the file and imports again.
 */
export function ImportDialog<T>({
  id,
  buttonLabel,
  title,
  fileLabel,
  accept,
  url,
  contentTypeOf,
  outcomeText,
  children,
}: {
  id: string;
  buttonLabel: string;
  title: string;
  fileLabel: string;
  accept: string;
  url: string;
  /** The Content-Type the file is sent with. */
  contentTypeOf: (file: File) => string;
  /** One sentence saying what the import did. */
  outcomeText: (outcome: T) => string;
  /** What the file must look like. */
  children: React.ReactNode;
}) {
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const { upload, pending } = useApiWrite();
  const [problem, setProblem] = useState<{ message: string; details: RowError[] } | null>(null);
  const [outcome, setOutcome] = useState<T | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  async function submit(form: FormData) {
    const file = form.get("file");
    if (!(file instanceof File) || !file.size) {
      setProblem({ message: "Choose a file first.", details: [] });
      return;
    }
    setProblem(null);
    setOutcome(null);
    const res = await upload<T>(url, file, contentTypeOf(file));
    if (!res.ok) {
      setProblem({ message: res.message, details: res.details });
      return;
    }
    setOutcome(res.data);
    router.refresh();
  }

  function close() {
    setOpen(false);
    setProblem(null);
    setOutcome(null);
  }

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
      >
        {buttonLabel}
      </button>
      <dialog ref={ref} onClose={close} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-xl rounded-xl border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/30">
        <form
          onSubmit={(e) => {
            // Not a form action: React would clear the chosen file after it, and the user fixes and retries.
            e.preventDefault();
            void submit(new FormData(e.currentTarget));
          }}
          className="space-y-4 p-6"
        >
          <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">{title}</h2>
          <div className="text-sm text-slate-600">{children}</div>
          <label className="block text-sm font-medium text-slate-700">
            {fileLabel}
            <input
              type="file"
              name="file"
              accept={accept}
              className="mt-1 block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
            />
          </label>
          {problem && (
            <div role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200 ring-inset" data-testid="import-errors">
              <p className="font-medium">{problem.details.length ? "Nothing was imported. Fix these rows and try again:" : problem.message}</p>
              {problem.details.length > 0 && (
                <ul className="mt-1 max-h-48 list-disc space-y-0.5 overflow-y-auto pl-5">
                  {problem.details.map((d, i) => (
                    <li key={i}>
                      <span className="font-mono text-xs font-semibold">{d.field}</span>: {d.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {outcome && (
            <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset" data-testid="import-outcome">
              {outcomeText(outcome)}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={close} className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">
              {outcome ? "Done" : "Cancel"}
            </button>
            <button disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
              {pending ? "Importing…" : "Import"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "Imported: 3 created, 0 updated, 1 unchanged, 2 suites created." */
export function importedText(o: { created: number; updated: number; unchanged: number; suitesCreated: number }, extra: string[] = []): string {
  const parts = [`${o.created} created`, `${o.updated} updated`, `${o.unchanged} unchanged`];
  if (o.suitesCreated > 0) parts.push(`${plural(o.suitesCreated, "suite")} created`);
  return `Imported: ${[...parts, ...extra].join(", ")}.`;
}

export { plural };
