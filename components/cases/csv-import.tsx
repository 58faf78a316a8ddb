"use client";

import type { ImportOutcome } from "@/lib/cases/schemas";
import { ImportDialog, importedText } from "./import-dialog";

const Code = ({ children }: { children: React.ReactNode }) => <code className="rounded bg-slate-100 px-1">{children}</code>;

/** "Import CSV": our own CSV format (what Export CSV writes), all rows or none. */
export function CsvImport({ projectKey }: { projectKey: string }) {
  return (
    <ImportDialog<ImportOutcome>
      id="csv-import"
      buttonLabel="Import CSV"
      title="Import test cases from CSV"
      fileLabel="CSV file"
      accept=".csv,text/csv"
      url={`/api/projects/${projectKey}/test-cases/import`}
      contentTypeOf={() => "text/csv"}
      outcomeText={(o) => importedText(o)}
    >
      <p>
        A header row, then one case per row. Only <Code>title</Code> is required; other columns: <Code>key</Code> (updates that case), <Code>suite</Code> (like{" "}
        <em>Web / Checkout</em>, created if missing), <Code>priority</Code>, <Code>type</Code>, <Code>tags</Code> (separated by <code>;</code>), <Code>automation</Code>,{" "}
        <Code>preconditions</Code>, <Code>steps</Code> (one <code>action =&gt; expected</code> per line), <Code>requirements</Code> (keys like <em>SHOP-12</em>, separated by{" "}
        <code>;</code>).
      </p>
      <p className="mt-2">Every row is checked first: if any row is invalid, nothing is imported. An export is a valid import file.</p>
    </ImportDialog>
  );
}
