import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { testCases } from "@/db/schema";
import { findUnstorableText, unstorableReason } from "@/lib/api/storable-text";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, type ErrorDetail } from "@/lib/errors";
import { anyOf, rowsOf } from "@/lib/sql";
import { ensureSuitePaths } from "@/lib/suites/ensure-suite-paths";
import { SuiteName } from "@/lib/suites/schemas";
import { unguardCsvCell } from "@/lib/csv/write-csv";
import { CsvSyntaxError, parseCsv } from "./csv";
import { CSV_COLUMNS, SUITE_PATH_SEPARATOR, type CsvColumn } from "./export-cases";
import { addCaseRequirements, setCaseRequirements } from "@/lib/requirements/case-links";
import { ensureRequirements } from "@/lib/requirements/ensure-requirements";
import { RequirementKey } from "@/lib/requirements/schemas";
import { takeCaseNumbers } from "./numbers";
import { caseKey, seqOfKey } from "./queries";
import { AutomationStatus, CaseSteps, CaseTitle, CaseType, Preconditions, Priority, Tags, type ImportOutcome } from "./schemas";
import { applyCaseChanges, lockCase, type CaseFields } from "./update-case";

export const MAX_CSV_BYTES = 10 * 1024 * 1024;
const MAX_REPORTED_ERRORS = 500;

/** Reads a `text/csv` body as text: 415 for another type, 413 over 10 MB. */
export async function readCsvBody(req: Request): Promise<string> {
  const type = (req.headers.get("content-type") ?? "").trim();
  if (!/^text\/csv\b/i.test(type)) throw new UnsupportedMediaTypeError("Send the CSV file itself with `Content-Type: text/csv`.");
  const tooLarge = () => new PayloadTooLargeError(`The CSV file is over the limit of ${MAX_CSV_BYTES} bytes.`);
  if (Number(req.headers.get("content-length") ?? 0) > MAX_CSV_BYTES) throw tooLarge();
  const buf = await req.arrayBuffer();
  if (buf.byteLength > MAX_CSV_BYTES) throw tooLarge();
  return new TextDecoder().decode(buf);
}

/**
 * All or nothing: any error refuses the whole file with a 400 listing the errors by row (or
 * item) number, `row 7: priority`, sorted by that number, at most MAX_REPORTED_ERRORS of them.
 */
export function refuseInvalidRows(errors: ErrorDetail[], unit = "row"): void {
  if (!errors.length) return;
  errors.sort((a, b) => Number(/\d+/.exec(a.field)![0]) - Number(/\d+/.exec(b.field)![0]));
  const rows = new Set(errors.map((e) => /\d+/.exec(e.field)![0])).size;
  throw new ValidationError(`${rows} ${unit}${rows === 1 ? " is" : "s are"} invalid; nothing was imported.`, errors.slice(0, MAX_REPORTED_ERRORS));
}

/** Inserts new cases (numbers already taken) with their first versions, in statements of 1000; returns their ids in order. */
export async function insertCases(tx: Tx, ctx: ProjectCtx, values: (typeof testCases.$inferInsert)[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < values.length; i += 1000) {
    const chunk = values.slice(i, i + 1000);
    const ids = await tx.insert(testCases).values(chunk).returning({ id: testCases.id, seq: testCases.seq });
    await tx.execute(sql`
      insert into test_case_versions (case_id, version, title, preconditions, steps, priority, edited_by_id)
      select id, version, title, preconditions, steps, priority, ${ctx.actor.userId} from test_cases
      where id = ${anyOf(ids.map((r) => r.id))}`);
    // RETURNING promises no order: match the rows back by their case numbers.
    const bySeq = new Map(ids.map((r) => [r.seq, r.id]));
    out.push(...chunk.map((v) => bySeq.get(v.seq)!));
  }
  return out;
}

/** A row's cells, each validated like the JSON API validates the same field. */
const Row = z.object({
  title: CaseTitle,
  preconditions: Preconditions,
  steps: CaseSteps,
  priority: Priority,
  type: CaseType,
  tags: Tags,
  automationStatus: AutomationStatus,
});
const FIELD_COLUMN: Record<string, CsvColumn> = { automationStatus: "automation" };

type PlannedRow = {
  row: number;
  /** Set when the row updates an existing case of this project. */
  caseId?: string;
  seq?: number;
  suitePath?: string[];
  /** With a `requirements` column: exactly the requirements the case verifies. */
  requirementKeys?: string[];
  fields: Partial<z.output<typeof Row>>;
};

/** Steps as JSON (`[{"action","expected"}]`, what the export writes) or one `action => expected` per line. */
function parseSteps(cell: string): unknown {
  const text = cell.trim();
  if (!text) return [];
  if (text.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch {
      return "not valid JSON";
    }
  }
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line) => {
      const at = line.indexOf("=>");
      return at < 0 ? { action: line, expected: "" } : { action: line.slice(0, at), expected: line.slice(at + 2) };
    });
}

function cellValue(column: CsvColumn, cell: string): unknown {
  switch (column) {
    case "priority":
    case "type":
    case "automation":
      return cell.trim().toUpperCase() || undefined;
    case "tags":
      return cell.split(";").map((t) => t.trim()).filter(Boolean);
    case "steps":
      return parseSteps(cell);
    default:
      return cell;
  }
}

/**
 * Imports cases from CSV. Every row is validated first; any invalid row refuses the whole file
 * (400, each error named `row N: column`, the header being row 1) and nothing is written.
 * Otherwise one transaction: a row whose `key` is a case of this project updates it (a new version
 * when its content changed); other rows create cases, numbered in file order. A key of another
 * project is ignored, so an export imports into another project. Suite paths are created as needed.
 */
export async function importCases({ ctx, input }: { ctx: ProjectCtx; input: string }): Promise<ImportOutcome> {
  authorize(ctx, "case:write");
  let records;
  try {
    records = parseCsv(input);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw ValidationError.field(`row ${err.row}`, err.message);
    throw err;
  }
  if (!records.length) throw ValidationError.field("row 1", "The file is empty; the first row must name the columns");
  const [header, ...data] = records;
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  const headerErrors: ErrorDetail[] = [];
  columns.forEach((c, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(c)) headerErrors.push({ field: `row 1: column ${i + 1}`, message: `Unknown column "${header.fields[i]}"; use ${CSV_COLUMNS.join(", ")}` });
    else if (columns.indexOf(c) !== i) headerErrors.push({ field: `row 1: ${c}`, message: "The column appears twice" });
  });
  if (!columns.includes("title")) headerErrors.push({ field: "row 1: title", message: "The title column is required" });
  if (headerErrors.length) throw new ValidationError("The header row is invalid; nothing was imported.", headerErrors);
  if (!data.length) throw ValidationError.field("row 2", "The file has no data rows");

  const has = (c: CsvColumn) => columns.includes(c);
  const errors: ErrorDetail[] = [];
  const planned: PlannedRow[] = [];
  const seenKeys = new Map<number, number>();
  for (const record of data) {
    const at = (field: string) => `row ${record.row}: ${field}`;
    if (record.fields.length !== columns.length) {
      errors.push({ field: `row ${record.row}`, message: `Has ${record.fields.length} fields; the header has ${columns.length}` });
      continue;
    }
    // The export guards formula-like cells with an apostrophe (lib/csv/write-csv.ts); the import takes it off again.
    const cell = (c: CsvColumn) => unguardCsvCell(record.fields[columns.indexOf(c)]);
    const unstorable = record.fields.map((f, i) => ({ column: columns[i], reason: unstorableReason(f) })).filter((f) => f.reason);
    if (unstorable.length) {
      for (const f of unstorable) errors.push({ field: at(f.column), message: f.reason! });
      continue;
    }
    const plan: PlannedRow = { row: record.row, fields: {} };
    const key = has("key") ? cell("key").trim() : "";
    if (key) {
      const seq = seqOfKey(ctx.project.key, key);
      if (seq !== undefined) {
        if (seenKeys.has(seq)) errors.push({ field: at("key"), message: `${key} already appears in row ${seenKeys.get(seq)}` });
        seenKeys.set(seq, record.row);
        plan.seq = seq;
      } else if (!/^[A-Za-z0-9]{2,10}-\d{1,9}$/.test(key)) {
        errors.push({ field: at("key"), message: "Not a case key like DEMO-12; leave it empty to create a case" });
      }
    }
    if (has("suite")) {
      const names = cell("suite").trim() ? cell("suite").split(SUITE_PATH_SEPARATOR).map((n) => n.trim()) : [];
      names.forEach((n) => {
        const r = SuiteName.safeParse(n);
        if (!r.success) errors.push({ field: at("suite"), message: `"${n}": ${r.error.issues[0].message}` });
      });
      plan.suitePath = names;
    }
    if (has("requirements")) {
      plan.requirementKeys = [];
      for (const ref of cell("requirements").split(";").map((r) => r.trim()).filter(Boolean)) {
        const key = RequirementKey.safeParse(ref);
        if (key.success) plan.requirementKeys.push(key.data);
        else errors.push({ field: at("requirements"), message: `"${ref.slice(0, 100)}": ${key.error.issues[0].message}` });
      }
      plan.requirementKeys = [...new Set(plan.requirementKeys)];
    }
    const raw: Record<string, unknown> = {};
    for (const c of CSV_COLUMNS) {
      if (c === "key" || c === "suite" || c === "requirements" || !has(c)) continue;
      raw[c === "automation" ? "automationStatus" : c] = cellValue(c, cell(c));
    }
    // Empty enum cells of a new case take the API's defaults; of an existing case, they keep its value.
    if (plan.seq === undefined) {
      raw.priority ??= "MEDIUM";
      raw.type ??= "FUNCTIONAL";
      raw.automationStatus ??= "MANUAL";
    }
    // Steps written as JSON may spell NUL or a lone surrogate as an escape.
    const escaped = findUnstorableText(raw);
    if (escaped) {
      const [first, ...rest] = escaped.field.split(".");
      errors.push({ field: at([FIELD_COLUMN[first] ?? first, ...rest].join(".")), message: escaped.message });
      continue;
    }
    const parsed = Row.partial().safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [first, ...rest] = issue.path.map(String);
        errors.push({ field: at([FIELD_COLUMN[first] ?? first, ...rest].join(".")), message: issue.message });
      }
      continue;
    }
    plan.fields = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    if (plan.seq === undefined && !plan.fields.title) errors.push({ field: at("title"), message: "Must not be empty" });
    planned.push(plan);
  }

  const keyed = planned.filter((p) => p.seq !== undefined);
  if (keyed.length) {
    const found = rowsOf<{ id: string; seq: number }>(
      await ctx.db.execute(sql`select id, seq from test_cases where project_id = ${ctx.project.id} and seq = ${anyOf(keyed.map((p) => p.seq!), "int")}`),
    );
    const bySeq = new Map(found.map((r) => [Number(r.seq), r.id]));
    for (const p of keyed) {
      p.caseId = bySeq.get(p.seq!);
      if (!p.caseId) errors.push({ field: `row ${p.row}: key`, message: `No case ${caseKey(ctx.project.key, p.seq!)} in this project; leave the key empty to create one` });
    }
  }
  refuseInvalidRows(errors);

  return ctx.db.transaction(async (tx) => {
    const paths = planned.flatMap((p) => (p.suitePath?.length ? [p.suitePath] : []));
    const suites = await ensureSuitePaths(tx, ctx.project.id, paths);
    const requirements = await ensureRequirements(tx, ctx, [...new Set(planned.flatMap((p) => p.requirementKeys ?? []))], "CSV");
    const caseIds = new Map<PlannedRow, string>();
    const suiteOf = (p: PlannedRow) => (p.suitePath === undefined ? undefined : p.suitePath.length ? suites.ids.get(p.suitePath.join("\u0000"))! : null);
    let updated = 0;
    let unchanged = 0;
    const keys = new Map<PlannedRow, string>();
    for (const p of planned.filter((x) => x.caseId)) {
      const before = await lockCase(tx, ctx, p.caseId!);
      const suiteId = suiteOf(p);
      const fields: CaseFields = { ...p.fields, ...(suiteId !== undefined ? { suiteId } : {}) };
      const changes = await applyCaseChanges(tx, ctx, before, fields);
      caseIds.set(p, p.caseId!);
      const links = p.requirementKeys ? await setCaseRequirements(tx, ctx, p.caseId!, p.requirementKeys.map((k) => requirements.ids.get(k)!)) : undefined;
      if (Object.keys(changes.after).length || (links && links.before.join() !== links.after.join())) updated++;
      else unchanged++;
      keys.set(p, caseKey(ctx.project.key, before.seq));
    }
    const creates = planned.filter((x) => !x.caseId);
    if (creates.length) {
      const first = await takeCaseNumbers(tx, ctx.project.id, creates.length);
      const values = creates.map((p, n) => {
        keys.set(p, caseKey(ctx.project.key, first + n));
        return {
          projectId: ctx.project.id,
          seq: first + n,
          suiteId: suiteOf(p) ?? null,
          title: p.fields.title!,
          preconditions: p.fields.preconditions ?? "",
          steps: p.fields.steps ?? [],
          priority: p.fields.priority ?? "MEDIUM",
          type: p.fields.type ?? "FUNCTIONAL",
          tags: p.fields.tags ?? [],
          automationStatus: p.fields.automationStatus ?? "MANUAL",
          createdById: ctx.actor.userId,
        };
      });
      const ids = await insertCases(tx, ctx, values);
      creates.forEach((p, n) => caseIds.set(p, ids[n]));
      await addCaseRequirements(
        tx,
        ctx,
        creates.flatMap((p) => (p.requirementKeys ?? []).map((k) => ({ caseId: caseIds.get(p)!, requirementId: requirements.ids.get(k)! }))),
      );
    }
    const outcome: ImportOutcome = {
      created: creates.length,
      updated,
      unchanged,
      suitesCreated: suites.created,
      keys: planned.map((p) => keys.get(p)!),
    };
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "case.import",
      entityType: "test_case",
      entityId: null,
      after: { created: outcome.created, updated, unchanged, suitesCreated: suites.created, ...(requirements.created.length ? { requirementsCreated: requirements.created } : {}) },
    });
    return outcome;
  });
}
