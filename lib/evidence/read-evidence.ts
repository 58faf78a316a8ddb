import type { Db } from "@/db/client";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { resolvedDefectsAsRead } from "@/lib/defects/checklist";
import { NotFoundError } from "@/lib/errors";
import { getMilestone } from "@/lib/milestones/queries";
import { milestoneSummary, subtreeIds } from "@/lib/milestones/summary";
import { ReasonCode, type MilestoneSummary, type Waiver } from "@/lib/milestones/summary-schemas";
import { listWaivers } from "@/lib/milestones/waivers";
import { milestoneCoverage } from "@/lib/requirements/milestone-coverage";
import { EVIDENCE_FORMAT, type EvidenceChecklist, type EvidenceCoverage, type EvidenceMilestone, type EvidenceVerdict } from "./schemas";
import { milestoneFacts, scopeAudit, scopeEntries, scopeRuns } from "./sections";
import { EvidenceSpool } from "./spool";

/** A generated evidence pack: the manifest (in its spool), its hash and when it was made. */
export type Evidence = {
  sha256: string;
  generatedAt: string;
  project: { id: string; key: string; name: string };
  milestone: EvidenceMilestone;
  spool: EvidenceSpool;
};

const PRIORITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };
const caseNumber = (key: string) => Number(key.slice(key.lastIndexOf("-") + 1));

/** By priority, case number, environment name and id: one order for open and waived failures. */
function byFailure(a: { priority: string; caseKey: string; environment: { id: string; name: string } }, b: typeof a): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    caseNumber(a.caseKey) - caseNumber(b.caseKey) ||
    a.environment.name.localeCompare(b.environment.name) ||
    (a.environment.id < b.environment.id ? -1 : a.environment.id > b.environment.id ? 1 : 0)
  );
}

const byTimeThenId = (a: { createdAt: string; id: string }, b: typeof a) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Reads everything an auditor needs about a milestone (and the phases below it) into a manifest,
 * in one REPEATABLE READ, read-only transaction, so every part describes the same moment even
 * while CI keeps posting; then hashes its canonical serialization. Anyone who may read the
 * milestone's summary may read its evidence, audit trail included. The tracker is not asked
 * for fresh defect statuses: the pack uses the statuses as last read.
 *
 * The caller must `close()` the returned spool (the routes do when the download ends).
 */
export async function readEvidence(ctx: ProjectCtx, milestoneId: string, opts: { now?: Date } = {}): Promise<Evidence> {
  authorize(ctx, "project:read");
  const now = opts.now ?? new Date();
  const spool = await EvidenceSpool.open();
  try {
    const milestone = await ctx.db.transaction(
      async (tx) => {
        const t: ProjectCtx = { ...ctx, db: tx as unknown as Db };
        const scope = await subtreeIds(t, milestoneId);
        const facts = scope.length ? await milestoneFacts(t, milestoneId, scope) : null;
        if (!facts) throw new NotFoundError("Milestone");
        const summary = await milestoneSummary(t, milestoneId, { now, includeChildren: false });
        const [record, runs, waivers, resolvedDefects, coverage] = await Promise.all([
          getMilestone(t, milestoneId),
          scopeRuns(t, scope),
          scopeWaivers(t, scope),
          resolvedDefectsAsRead(t, summary.openFailures),
          milestoneCoverage(t, milestoneId, { now }),
        ]);

        spool.set("format", EVIDENCE_FORMAT);
        spool.set("project", { id: ctx.project.id, key: ctx.project.key, name: ctx.project.name });
        spool.set("milestone", facts);
        spool.set("rules", summary.rules);
        spool.set("verdict", verdictOf(summary));
        spool.set("checklist", {
          items: checklistItems(summary, resolvedDefects),
          completion: record.completion,
        } satisfies EvidenceChecklist);
        spool.set("coverage", { environments: coverage.environments, totals: coverage.totals, requirements: coverage.requirements } satisfies EvidenceCoverage);
        await spool.writeList("runs", once(runs));
        await spool.writeList("entries", scopeEntries(t, runs.filter((r) => r.status !== "ABORTED").map((r) => r.id)));
        await spool.writeList("openFailures", once([...summary.openFailures].sort(byFailure)));
        await spool.writeList("waivedFailures", once([...summary.waivedFailures].sort(byFailure)));
        await spool.writeList("waivers", once(waivers));
        await spool.writeList("signoffs", once([...summary.signoffs].sort(byTimeThenId)));
        await spool.writeList("audit", scopeAudit(t, scope));
        return facts;
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    return {
      sha256: await spool.sha256(),
      generatedAt: now.toISOString(),
      project: { id: ctx.project.id, key: ctx.project.key, name: ctx.project.name },
      milestone,
      spool,
    };
  } catch (err) {
    await spool.close();
    throw err;
  }
}

async function* once<T>(items: T[]): AsyncGenerator<T[]> {
  yield items;
}

function verdictOf(s: MilestoneSummary): EvidenceVerdict {
  return { verdict: s.verdict, reasons: s.reasons, passRate: s.passRate, progress: s.progress, counts: s.counts, runs: s.runs, environments: s.environments };
}

/** Every waiver granted on the milestone or its phases, revoked and expired ones included, oldest first. */
async function scopeWaivers(ctx: ProjectCtx, scope: string[]): Promise<Waiver[]> {
  const out: Waiver[] = [];
  for (const id of scope) {
    let cursor: string | undefined;
    do {
      const page = await listWaivers(ctx, id, { limit: 200, cursor });
      out.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return out.sort(byTimeThenId);
}

const MET: Record<string, (s: MilestoneSummary) => string> = {
  RUNS_INCOMPLETE: (s) => `Every run is completed (${s.runs.completed} of ${s.runs.total - s.runs.aborted}).`,
  BLOCKING_FAILURES: (s) => `No open failure of priority ${s.rules.blockingPriorities.join(" or ") || "(none blocks)"}.`,
  PASS_RATE_BELOW_THRESHOLD: (s) => `Pass rate ${s.passRate?.toFixed(1)}% meets the ${s.rules.passRateThreshold}% threshold.`,
  UNTRACKED_FAILURES: () => "Every open failure has a defect link or a waiver.",
  REQUIREMENTS_NOT_COVERED: (s) =>
    s.rules.requireCoverage ? "No requirement in scope is NOK or UNCOVERED." : "Not required: the project's rules do not require requirements coverage (see Coverage).",
};

/**
 * The completion checklist as `POST .../complete` would judge it now: the verdict's reasons, open
 * failures tracked by a resolved defect, and a current approving sign-off; met items included.
 */
function checklistItems(s: MilestoneSummary, resolvedDefects: { field: string; message: string }[]): EvidenceChecklist["items"] {
  const items: EvidenceChecklist["items"] = ReasonCode.options.map((code) => {
    const reason = s.reasons.find((r) => r.code === code);
    return { code, met: !reason, message: reason ? reason.message : (MET[code]?.(s) ?? "Met.") };
  });
  const defects = resolvedDefects[0];
  items.push({
    code: "DEFECTS_RESOLVED",
    met: !defects,
    message: defects ? defects.message : "No open failure is tracked by a defect that is already resolved.",
  });
  const current = [...s.signoffs].filter((x) => !x.stale && x.decision === "APPROVED").sort(byTimeThenId).at(-1);
  items.push({
    code: "NOT_SIGNED_OFF",
    met: !!current,
    message: current
      ? `Signed off by ${current.user.name || current.user.email} at ${current.createdAt}, after the latest change.`
      : s.signoffs.length
        ? "Every sign-off is older than the latest change, or rejected; a stakeholder must sign off the current summary."
        : "Nobody has signed off the summary yet.",
  });
  return items;
}
