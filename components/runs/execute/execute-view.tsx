"use client";

import { DropOverlay } from "@/components/ui/drop-overlay";
import { ShortcutHelp } from "@/components/ui/shortcut-help";
import { EXECUTE_SHORTCUTS } from "./execute-format";
import { ExecuteProvider, useExecute } from "./execute-provider";
import { AttemptsSection } from "./sections/attempts-section";
import { CaseSection } from "./sections/case-section";
import { ResultForm } from "./sections/result-form";
import { RunBar } from "./sections/run-bar";
import { StepsSection } from "./sections/steps-section";
import type { ExecuteData } from "./types";
import { useExecuteShortcuts } from "./use-execute-shortcuts";
import { FileDefectButton } from "@/components/defects/file-defect-button";

export type { ExecuteData } from "./types";

/** One run entry, executed from the keyboard: steps, overall status, comment, defect, time, files. */
export function ExecuteView({ data }: { data: ExecuteData }) {
  return (
    <ExecuteProvider data={data}>
      <ExecuteLayout />
    </ExecuteProvider>
  );
}

function ExecuteLayout() {
  const s = useExecute();
  useExecuteShortcuts(s);
  const { data } = s;
  return (
    <div data-testid="execute-view">
      <a
        href="#result-form"
        className="sr-only rounded-md bg-indigo-700 px-3 py-2 text-sm font-semibold text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to the result form
      </a>
      <RunBar />
      {s.closed && <p className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">This run is {data.run.status.toLowerCase()}; it takes no more results.</p>}
      {!data.canWrite && !s.closed && (
        <p className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">You can read this run; executing it needs the tester role.</p>
      )}

      <div className="mt-6 grid gap-6 lg:grid-cols-12">
        <article className="min-w-0 lg:col-span-7">
          <CaseSection />
          <StepsSection />
          <AttemptsSection />
          <FileDefectButton projectKey={data.projectKey} runId={data.run.id} entryId={data.entry.id} entryStatus={data.entry.status} canWrite={data.canWrite} />
        </article>
        <aside className="min-w-0 lg:col-span-5">
          <ResultForm />
        </aside>
      </div>

      {s.files.dragging && <DropOverlay hint="The files are uploaded with the result when you save." />}
      <ShortcutHelp
        open={s.help}
        onClose={() => s.setHelp(false)}
        shortcuts={EXECUTE_SHORTCUTS}
        note="Letters and digits are ignored while you type in a field, except Esc and Ctrl/⌘ + Enter. Shift and Caps Lock make no difference."
      />
    </div>
  );
}
