"use client";

import Link from "next/link";
import { Kbd } from "@/components/ui/kbd";
import { AttachmentsField } from "../controls/attachments-field";
import { CommentField } from "../controls/comment-field";
import { DefectFields } from "../controls/defect-fields";
import { ElapsedField } from "../controls/elapsed-field";
import { StatusPicker } from "../controls/status-picker";
import { useExecute } from "../execute-provider";

/** The attempt being recorded: status, time, defect, comment, files, and save. */
export function ResultForm() {
  const { writable, nextHref, save } = useExecute();
  return (
    <form
      id="result-form"
      tabIndex={-1}
      onSubmit={(e) => {
        e.preventDefault();
        void save.save();
      }}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm focus:outline-2 focus:outline-indigo-500 lg:sticky lg:top-4"
      aria-label="Result"
    >
      <StatusPicker />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[7rem_1fr]">
        <ElapsedField />
        <DefectFields />
      </div>
      <CommentField />
      <AttachmentsField />

      {save.error && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {save.error}
        </p>
      )}

      <div className="flex flex-wrap items-center gap-2 pt-1">
        <button
          type="submit"
          disabled={!writable || save.saving}
          className="inline-flex flex-1 items-center justify-center gap-2 rounded-md bg-indigo-600 px-3 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
        >
          {save.saving ? "Saving…" : nextHref ? "Save and next" : "Save and finish"}
          <Kbd dark>N</Kbd>
        </button>
        {nextHref && (
          <Link href={nextHref} className="inline-flex items-center gap-1.5 rounded-md px-3 py-2.5 text-sm text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50">
            Next without saving <Kbd>J</Kbd>
          </Link>
        )}
      </div>
    </form>
  );
}
