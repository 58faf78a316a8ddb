"use client";

import type { TestRailImportOutcome } from "@/lib/cases/schemas";
import { ImportDialog, importedText, plural } from "./import-dialog";

/** "Import from TestRail": TestRail's own CSV or XML case export; a second import updates the cases it created. */
export function TestRailImport({ projectKey }: { projectKey: string }) {
  return (
    <ImportDialog<TestRailImportOutcome>
      id="testrail-import"
      buttonLabel="Import from TestRail"
      title="Import test cases from TestRail"
      fileLabel="TestRail export (CSV or XML)"
      accept=".csv,.xml,text/csv,application/xml,text/xml"
      url={`/api/projects/${projectKey}/test-cases/import/testrail`}
      contentTypeOf={(file) => (/\.xml$/i.test(file.name) || /xml/.test(file.type) ? "application/xml" : "text/csv")}
      outcomeText={(o) => importedText(o, o.requirementsCreated > 0 ? [`${plural(o.requirementsCreated, "requirement")} created`] : [])}
    >
      <p>
        In TestRail, open the test suite and use <em>Export</em> as CSV (with the columns ID, Title, Section Hierarchy, Priority, Type, Preconditions, Steps and
        References) or as XML.
      </p>
      <ul className="mt-2 list-disc space-y-0.5 pl-5">
        <li>Sections become nested suites; separated steps keep their expected results.</li>
        <li>Priorities Critical, High, Medium and Low map to ours.</li>
        <li>References become requirement links; unknown keys are created as requirements.</li>
        <li>TestRail&apos;s case ID is kept: importing a newer export updates those cases instead of duplicating them.</li>
      </ul>
      <p className="mt-2">Every case is checked first: if any is invalid, nothing is imported.</p>
    </ImportDialog>
  );
}
