"use client";

import { useState } from "react";
import { useApiWrite } from "@/components/ui/use-api-write";
import { ModalForm } from "@/components/ui/modal-form";
import { Field, inputClass } from "@/components/ui/field";
import { SessionVerdict, VERDICT_LABELS, type NoteKind } from "@/lib/exploratory/schemas";

const HINTS: Record<SessionVerdict, string> = {
  PASSED: "Nothing worrying found within the charter.",
  PASSED_WITH_ISSUES: "Works, with bugs or open questions worth filing.",
  FAILED: "The area is not fit to ship.",
  BLOCKED: "The session could not cover its charter.",
};

const TONES: Record<SessionVerdict, string> = {
  PASSED: "peer-checked:border-emerald-500 peer-checked:bg-emerald-50",
  PASSED_WITH_ISSUES: "peer-checked:border-amber-500 peer-checked:bg-amber-50",
  FAILED: "peer-checked:border-rose-500 peer-checked:bg-rose-50",
  BLOCKED: "peer-checked:border-slate-500 peer-checked:bg-slate-100",
};

/** Ends the session: a verdict and a summary, saved with the COMPLETED status in one call. */
export function VerdictDialog({
  open,
  onClose,
  onDone,
  url,
  counts,
  overTime,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  url: string;
  /** Findings so far, from the session page: shown, and used to suggest a verdict. Lists leave them out and pre-select nothing. */
  counts?: Record<NoteKind, number>;
  overTime?: boolean;
}) {
  const { send } = useApiWrite();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggested: SessionVerdict | null = counts ? (counts.BUG > 0 || counts.QUESTION > 0 ? "PASSED_WITH_ISSUES" : "PASSED") : null;

  async function submit(form: FormData) {
    const verdict = form.get("verdict");
    if (!verdict) return setError("Choose a verdict.");
    setPending(true);
    setError(null);
    const res = await send("PATCH", url, {
      status: "COMPLETED",
      verdict,
      verdictSummary: String(form.get("verdictSummary") ?? "").trim() || undefined,
    });
    setPending(false);
    if (!res.ok) return setError(res.message);
    onDone();
  }

  return (
    <ModalForm open={open} title="Finish the session" onClose={onClose} onSubmit={submit} submitLabel="Finish session" pending={pending} error={error}>
      {counts && (
      <p className="text-sm text-slate-600">
        {counts.BUG} bug{counts.BUG === 1 ? "" : "s"}, {counts.QUESTION} question{counts.QUESTION === 1 ? "" : "s"} and {counts.IDEA} idea
        {counts.IDEA === 1 ? "" : "s"} written down{overTime ? ", over the time box" : ""}.
      </p>
      )}
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Verdict</legend>
        <div className="mt-2 grid grid-cols-2 gap-2">
          {SessionVerdict.options.map((v) => (
            <label key={v} className="relative block cursor-pointer">
              <input type="radio" name="verdict" value={v} defaultChecked={v === suggested} className="peer sr-only" />
              <span className={`block rounded-lg border border-slate-200 px-3 py-2 peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-200 ${TONES[v]}`}>
                <span className="block text-sm font-semibold text-slate-900">{VERDICT_LABELS[v]}</span>
                <span className="block text-xs text-slate-600">{HINTS[v]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field label="Summary" htmlFor="verdict-summary" hint="Markdown: what was covered, what was found, what is left.">
        <textarea id="verdict-summary" name="verdictSummary" rows={4} className={inputClass} />
      </Field>
    </ModalForm>
  );
}
