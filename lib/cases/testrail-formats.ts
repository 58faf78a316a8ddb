import { XMLParser } from "fast-xml-parser";
import { unstorableReason } from "@/lib/api/storable-text";
import type { ErrorDetail } from "@/lib/errors";
import { CsvSyntaxError, parseCsv } from "./csv";

/**
 * TestRail's own case exports, read into drafts (nothing validated against our rules yet).
 * `at` names where a draft came from for error messages: `row 7` (the CSV header is row 1) or
 * `case 3` (the third <case> of the XML, in document order).
 */
export type TestRailDraft = {
  at: string;
  /** TestRail's case ID as exported (`C123`), empty when the export has none. */
  id: string;
  title: string;
  /** Section names from the top down. */
  sections: string[];
  priority: string;
  type: string;
  preconditions: string;
  steps: { action: string; expected: string }[];
  references: string;
};

export type TestRailRead = { drafts: TestRailDraft[]; errors: ErrorDetail[] };

/** TestRail's Section Hierarchy joins the section names from the top down with " > ". */
export const TESTRAIL_SECTION_SEPARATOR = " > ";

const COLUMNS = {
  id: "id",
  title: "title",
  section: "section",
  hierarchy: "section hierarchy",
  priority: "priority",
  type: "type",
  preconditions: "preconditions",
  steps: "steps",
  expected: "expected result",
  separated: "steps (separated)",
  step: "steps (step)",
  stepExpected: "steps (expected result)",
  references: "references",
} as const;

/**
 * The CSV export. Columns are found by name (any order, any case); TestRail adds whatever
 * other fields were ticked (Created By, Estimate, custom fields) and those are ignored. Steps
 * come from one of three layouts:
 * - `Steps (Separated)` in one cell: numbered steps (`1. Open the cart`), each followed by
 *   its expected result on lines starting `Expected Result:` (or `Expected:`);
 * - `Steps (Step)` and `Steps (Expected Result)`: one step per row, the case's later steps on
 *   the following rows with ID and Title empty (TestRail's "separated steps in rows");
 * - `Steps` and `Expected Result` (the text template): one step with that text.
 */
export function readTestRailCsv(text: string): TestRailRead {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { drafts: [], errors: [{ field: `row ${err.row}`, message: err.message }] };
    throw err;
  }
  if (!records.length) return { drafts: [], errors: [{ field: "row 1", message: "The file is empty; the first row must name the columns" }] };
  const [header, ...data] = records;
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const col = (name: string) => names.indexOf(name);
  const errors: ErrorDetail[] = [];
  if (col(COLUMNS.title) < 0) errors.push({ field: "row 1: Title", message: "The Title column is required (export the cases from TestRail as CSV with Title ticked)" });
  if (col(COLUMNS.stepExpected) >= 0 && col(COLUMNS.step) < 0) {
    errors.push({ field: "row 1: Steps (Step)", message: "Steps (Expected Result) needs the Steps (Step) column beside it" });
  }
  if (errors.length) return { drafts: [], errors };
  if (!data.length) return { drafts: [], errors: [{ field: "row 2", message: "The file has no data rows" }] };

  const drafts: TestRailDraft[] = [];
  for (const record of data) {
    const cell = (name: string) => {
      const i = col(name);
      return i < 0 ? "" : (record.fields[i] ?? "");
    };
    const bad = record.fields.map((f, i) => ({ column: header.fields[i]?.trim() || `column ${i + 1}`, reason: unstorableReason(f) })).filter((f) => f.reason);
    if (bad.length) {
      for (const f of bad) errors.push({ field: `row ${record.row}: ${f.column}`, message: f.reason! });
      continue;
    }
    const step = { action: cell(COLUMNS.step).trim(), expected: cell(COLUMNS.stepExpected).trim() };
    const continuation = !cell(COLUMNS.id).trim() && !cell(COLUMNS.title).trim();
    if (continuation && col(COLUMNS.step) >= 0 && drafts.length && (step.action || step.expected)) {
      drafts[drafts.length - 1].steps.push(step);
      continue;
    }
    const hierarchy = cell(COLUMNS.hierarchy).trim();
    const section = cell(COLUMNS.section).trim();
    let steps: TestRailDraft["steps"] = [];
    if (col(COLUMNS.step) >= 0) steps = step.action || step.expected ? [step] : [];
    else if (col(COLUMNS.separated) >= 0) steps = separatedSteps(cell(COLUMNS.separated));
    else if (cell(COLUMNS.steps).trim() || cell(COLUMNS.expected).trim()) steps = [{ action: cell(COLUMNS.steps).trim(), expected: cell(COLUMNS.expected).trim() }];
    drafts.push({
      at: `row ${record.row}`,
      id: cell(COLUMNS.id).trim(),
      title: cell(COLUMNS.title),
      sections: hierarchy ? hierarchy.split(TESTRAIL_SECTION_SEPARATOR).map((s) => s.trim()) : section ? [section] : [],
      priority: cell(COLUMNS.priority).trim(),
      type: cell(COLUMNS.type).trim(),
      preconditions: cell(COLUMNS.preconditions),
      steps,
      references: cell(COLUMNS.references),
    });
  }
  return { drafts, errors };
}

/** `1. Open the cart\nExpected Result: The cart lists 2 items\n2. ...`: numbered steps with their expected results. */
export function separatedSteps(cellText: string): TestRailDraft["steps"] {
  const steps: { action: string[]; expected: string[] }[] = [];
  let inExpected = false;
  for (const line of cellText.split(/\r?\n/)) {
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const expected = /^\s*expected(?: result)?\s*:\s*(.*)$/i.exec(line);
    const current = steps[steps.length - 1];
    if (numbered || (!current && line.trim() && !expected)) {
      steps.push({ action: [numbered ? numbered[1] : line], expected: [] });
      inExpected = false;
    } else if (expected && current) {
      current.expected.push(expected[1]);
      inExpected = true;
    } else if (current) {
      (inExpected ? current.expected : current.action).push(line);
    }
  }
  return steps.map((s) => ({ action: s.action.join("\n").trim(), expected: s.expected.join("\n").trim() }));
}

type XmlNode = Record<string, unknown>;
const ARRAYS = new Set(["section", "case", "step"]);

/**
 * The XML export: `<suite>` (or `<sections>` at the top) holding `sections > section`, each
 * with `name`, `cases > case` and nested `sections`. A case has `id`, `title`, `priority`,
 * `type`, `references`, and under `custom` (or as `custom_`-prefixed elements, the API's names)
 * `preconds`, `steps_separated > step` (`content`, `expected`), or `steps` and `expected`.
 * A document type declaration is refused: exports never carry one, and entity expansion is a
 * way to make a small upload very large.
 */
export function readTestRailXml(text: string): TestRailRead {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { drafts: [], errors: [{ field: "case 1", message: "The XML has a document type declaration; export the cases from TestRail again" }] };
  let doc: XmlNode;
  try {
    const parser = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: false,
      processEntities: true,
      isArray: (name) => ARRAYS.has(name),
    });
    doc = parser.parse(text, true) as XmlNode;
  } catch (err) {
    const e = err as { err?: { msg?: string; line?: number } } & Error;
    const where = e.err?.line ? ` (line ${e.err.line})` : "";
    return { drafts: [], errors: [{ field: "case 1", message: `Not well-formed XML${where}: ${e.err?.msg ?? e.message}`.slice(0, 500) }] };
  }
  const root = (doc.suite ?? doc) as XmlNode;
  const top = root.sections as XmlNode | undefined;
  if (!top || typeof top !== "object") {
    return { drafts: [], errors: [{ field: "case 1", message: "No <sections> found; export the cases from TestRail as XML" }] };
  }
  const drafts: TestRailDraft[] = [];
  const errors: ErrorDetail[] = [];
  const walk = (sections: XmlNode | undefined, path: string[], depth: number) => {
    if (depth > 50) return;
    for (const section of asList<XmlNode>(sections?.section)) {
      const name = text_(section.name).trim();
      const here = [...path, name];
      for (const c of asList<XmlNode>((section.cases as XmlNode | undefined)?.case)) {
        const at = `case ${drafts.length + 1}`;
        const custom = (typeof c.custom === "object" && c.custom ? c.custom : {}) as XmlNode;
        const field = (name: string) => c[`custom_${name}`] ?? custom[name] ?? custom[`custom_${name}`];
        const separated = field("steps_separated") as XmlNode | undefined;
        let steps: TestRailDraft["steps"] = asList<XmlNode>(separated?.step).map((s) => ({ action: text_(s.content).trim(), expected: text_(s.expected).trim() }));
        if (!steps.length && (text_(field("steps")).trim() || text_(field("expected")).trim())) {
          steps = [{ action: text_(field("steps")).trim(), expected: text_(field("expected")).trim() }];
        }
        const draft: TestRailDraft = {
          at,
          id: text_(c.id).trim(),
          title: text_(c.title),
          sections: here,
          priority: text_(c.priority).trim(),
          type: text_(c.type).trim(),
          preconditions: text_(field("preconds")),
          steps,
          references: text_(c.references ?? c.refs),
        };
        const bad = unstorableIn(draft);
        if (bad) errors.push({ field: `${at}: ${bad}`, message: "Contains a NUL character or a lone UTF-16 surrogate" });
        drafts.push(draft);
      }
      walk(section.sections as XmlNode | undefined, here, depth + 1);
    }
  };
  walk(top, [], 0);
  if (!drafts.length && !errors.length) errors.push({ field: "case 1", message: "The export holds no cases" });
  return { drafts, errors };
}

function asList<T>(v: unknown): T[] {
  return v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? (v as T[]) : [v as T];
}

/** An element's text: a string, or `#text` of a mixed element; anything else is empty. */
function text_(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (v && typeof v === "object" && typeof (v as XmlNode)["#text"] === "string") return (v as XmlNode)["#text"] as string;
  return "";
}

function unstorableIn(d: TestRailDraft): string | undefined {
  const fields: [string, string][] = [
    ["id", d.id],
    ["title", d.title],
    ["section", d.sections.join(" ")],
    ["priority", d.priority],
    ["type", d.type],
    ["preconds", d.preconditions],
    ["references", d.references],
    ...d.steps.flatMap((s, i): [string, string][] => [[`steps_separated.${i + 1}`, s.action + s.expected]]),
  ];
  return fields.find(([, v]) => unstorableReason(v))?.[0];
}
