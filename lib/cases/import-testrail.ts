import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { PayloadTooLargeError, UnsupportedMediaTypeError, type ErrorDetail } from "@/lib/errors";
import { addCaseRequirements } from "@/lib/requirements/case-links";
import { ensureRequirements } from "@/lib/requirements/ensure-requirements";
import { RequirementKey } from "@/lib/requirements/schemas";
import { anyOf, rowsOf } from "@/lib/sql";
import { ensureSuitePaths } from "@/lib/suites/ensure-suite-paths";
import { SuiteName } from "@/lib/suites/schemas";
import { MAX_CSV_BYTES, insertCases, refuseInvalidRows } from "./import-cases";
import { takeCaseNumbers } from "./numbers";
import { caseKey } from "./queries";
import { CaseSteps, CaseTitle, Preconditions, type TestRailImportOutcome } from "./schemas";
import { readTestRailCsv, readTestRailXml, type TestRailDraft } from "./testrail-formats";
import { applyCaseChanges, lockCase, type CaseFields } from "./update-case";

export type TestRailFormat = "csv" | "xml";

/** Reads the export as text: `text/csv` is the CSV export, `application/xml` or `text/xml` the XML one; 413 over 10 MB. */
export async function readTestRailBody(req: Request): Promise<{ format: TestRailFormat; text: string }> {
  const type = (req.headers.get("content-type") ?? "").trim();
  const format: TestRailFormat | undefined = /^text\/csv\b/i.test(type) ? "csv" : /^(application|text)\/xml\b/i.test(type) ? "xml" : undefined;
  if (!format) throw new UnsupportedMediaTypeError("Send TestRail's CSV export as `text/csv` or its XML export as `application/xml`.");
  const tooLarge = () => new PayloadTooLargeError(`The export is over the limit of ${MAX_CSV_BYTES} bytes.`);
  if (Number(req.headers.get("content-length") ?? 0) > MAX_CSV_BYTES) throw tooLarge();
  const buf = await req.arrayBuffer();
  if (buf.byteLength > MAX_CSV_BYTES) throw tooLarge();
  return { format, text: new TextDecoder().decode(buf) };
}

/** TestRail's default priorities, by name (case-insensitive). */
export const TESTRAIL_PRIORITIES = { critical: "CRITICAL", high: "HIGH", medium: "MEDIUM", low: "LOW" } as const;

/** TestRail's default case types; any other type (Compatibility, Destructive, Automated, custom ones) becomes OTHER. */
const TESTRAIL_TYPES: Record<string, CaseFields["type"]> = {
  functional: "FUNCTIONAL",
  regression: "REGRESSION",
  "smoke & sanity": "SMOKE",
  smoke: "SMOKE",
  acceptance: "ACCEPTANCE",
  security: "SECURITY",
  performance: "PERFORMANCE",
  usability: "USABILITY",
  accessibility: "USABILITY",
};

const FIELD_NAMES: Record<TestRailFormat, Record<string, string>> = {
  csv: { id: "ID", title: "Title", sections: "Section Hierarchy", priority: "Priority", preconditions: "Preconditions", steps: "Steps", references: "References" },
  xml: { id: "id", title: "title", sections: "section", priority: "priority", preconditions: "preconds", steps: "steps_separated", references: "references" },
};

type Plan = {
  at: string;
  externalId: string | null;
  suitePath: string[];
  fields: Required<Pick<CaseFields, "title" | "preconditions" | "steps" | "type">> & { priority?: CaseFields["priority"] };
  requirementKeys: string[];
  caseId?: string;
};

/**
 * Imports TestRail's own case export (CSV or XML), all or nothing: every case is checked
 * first, and any error refuses the file (400, each error named by row or case number) with
 * nothing written. Then one transaction: sections become nested suites (created as needed);
 * a case whose TestRail ID was imported before is updated (a new version when its content
 * changed), the others are created keeping the ID in `externalId`; References become
 * requirement links, and unknown requirement keys are created as MANUAL requirements. Links are
 * only ever added, so links made in QA Studio survive a re-import.
 */
export async function importTestRail({ ctx, format, input }: { ctx: ProjectCtx; format: TestRailFormat; input: string }): Promise<TestRailImportOutcome> {
  authorize(ctx, "case:write");
  const read = format === "csv" ? readTestRailCsv(input) : readTestRailXml(input);
  const unit = format === "csv" ? "row" : "case";
  refuseInvalidRows(read.errors, unit);
  const errors: ErrorDetail[] = [];
  const plans: Plan[] = [];
  const seen = new Map<string, string>();
  for (const draft of read.drafts) {
    const plan = planCase(draft, FIELD_NAMES[format], errors);
    if (!plan) continue;
    if (plan.externalId) {
      const first = seen.get(plan.externalId);
      if (first) errors.push({ field: `${draft.at}: ${FIELD_NAMES[format].id}`, message: `${plan.externalId} already appears in ${first}` });
      else seen.set(plan.externalId, draft.at);
    }
    plans.push(plan);
  }
  refuseInvalidRows(errors, unit);

  return ctx.db.transaction(async (tx) => {
    const externalIds = plans.flatMap((p) => (p.externalId ? [p.externalId] : []));
    if (externalIds.length) {
      const found = rowsOf<{ id: string; external_id: string }>(
        await tx.execute(sql`select id, external_id from test_cases where project_id = ${ctx.project.id} and external_id = ${anyOf(externalIds)}`),
      );
      const byExternal = new Map(found.map((r) => [r.external_id, r.id]));
      for (const p of plans) if (p.externalId) p.caseId = byExternal.get(p.externalId);
    }
    const suites = await ensureSuitePaths(tx, ctx.project.id, plans.flatMap((p) => (p.suitePath.length ? [p.suitePath] : [])));
    const suiteOf = (p: Plan) => (p.suitePath.length ? suites.ids.get(p.suitePath.join("\u0000"))! : undefined);
    const requirements = await ensureRequirements(tx, ctx, [...new Set(plans.flatMap((p) => p.requirementKeys))], "MANUAL");

    const keys = new Map<Plan, string>();
    const caseIds = new Map<Plan, string>();
    const changed = new Set<Plan>();
    for (const p of plans.filter((x) => x.caseId)) {
      const before = await lockCase(tx, ctx, p.caseId!);
      const suiteId = suiteOf(p);
      const changes = await applyCaseChanges(tx, ctx, before, { ...p.fields, ...(suiteId ? { suiteId } : {}) });
      if (Object.keys(changes.after).length) changed.add(p);
      keys.set(p, caseKey(ctx.project.key, before.seq));
      caseIds.set(p, p.caseId!);
    }
    const creates = plans.filter((x) => !x.caseId);
    if (creates.length) {
      const first = await takeCaseNumbers(tx, ctx.project.id, creates.length);
      const ids = await insertCases(
        tx,
        ctx,
        creates.map((p, n) => {
          keys.set(p, caseKey(ctx.project.key, first + n));
          return {
            projectId: ctx.project.id,
            seq: first + n,
            suiteId: suiteOf(p) ?? null,
            externalId: p.externalId,
            title: p.fields.title,
            preconditions: p.fields.preconditions,
            steps: p.fields.steps,
            priority: p.fields.priority ?? "MEDIUM",
            type: p.fields.type,
            createdById: ctx.actor.userId,
          };
        }),
      );
      creates.forEach((p, n) => caseIds.set(p, ids[n]));
    }
    const links = plans.flatMap((p) => p.requirementKeys.map((k) => ({ caseId: caseIds.get(p)!, requirementId: requirements.ids.get(k)! })));
    const linked = await addCaseRequirements(tx, ctx, links);
    for (const p of plans) if (p.caseId && linked.has(p.caseId)) changed.add(p);

    const updated = plans.filter((p) => p.caseId && changed.has(p)).length;
    const outcome: TestRailImportOutcome = {
      format,
      created: creates.length,
      updated,
      unchanged: plans.length - creates.length - updated,
      suitesCreated: suites.created,
      requirementsCreated: requirements.created.length,
      keys: plans.map((p) => keys.get(p)!),
    };
    await recordAudit(tx, ctx, {
      projectId: ctx.project.id,
      action: "case.import",
      entityType: "test_case",
      entityId: null,
      after: { source: `testrail-${format}`, ...outcome, keys: undefined },
    });
    return outcome;
  });
}

function planCase(d: TestRailDraft, names: Record<string, string>, errors: ErrorDetail[]): Plan | undefined {
  const before = errors.length;
  const at = (field: string, message: string) => errors.push({ field: `${d.at}: ${names[field] ?? field}`, message });
  let externalId: string | null = null;
  if (d.id) {
    const m = /^C?(\d{1,12})$/i.exec(d.id);
    if (m) externalId = `C${m[1]}`;
    else at("id", "Not a TestRail case ID like C123");
  }
  const title = CaseTitle.safeParse(d.title);
  if (!title.success) at("title", title.error.issues[0].message);
  for (const name of d.sections) {
    const r = SuiteName.safeParse(name);
    if (!r.success) at("sections", `"${name}": ${r.error.issues[0].message}`);
  }
  let priority: CaseFields["priority"];
  if (d.priority) {
    priority = TESTRAIL_PRIORITIES[d.priority.toLowerCase() as keyof typeof TESTRAIL_PRIORITIES];
    if (!priority) at("priority", `"${d.priority}" is not one of Critical, High, Medium, Low`);
  }
  const preconditions = Preconditions.safeParse(d.preconditions);
  if (!preconditions.success) at("preconditions", preconditions.error.issues[0].message);
  const steps = CaseSteps.safeParse(d.steps);
  if (!steps.success) {
    for (const issue of steps.error.issues) {
      const [index, ...rest] = issue.path.map(String);
      at("steps", `${index === undefined ? "" : `step ${Number(index) + 1}${rest.length ? ` ${rest.join(".")}` : ""}: `}${issue.message}`);
    }
  }
  const requirementKeys: string[] = [];
  for (const ref of d.references.split(",").map((r) => r.trim()).filter(Boolean)) {
    const key = RequirementKey.safeParse(ref);
    if (key.success) requirementKeys.push(key.data);
    else at("references", `"${ref.slice(0, 100)}": ${key.error.issues[0].message}`);
  }
  if (errors.length > before || !title.success || !preconditions.success || !steps.success) return undefined;
  return {
    at: d.at,
    externalId,
    suitePath: d.sections,
    fields: { title: title.data, preconditions: preconditions.data, steps: steps.data, type: TESTRAIL_TYPES[d.type.toLowerCase()] ?? (d.type ? "OTHER" : "FUNCTIONAL"), ...(priority ? { priority } : {}) },
    requirementKeys: [...new Set(requirementKeys)],
  };
}
