import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { gateOf, milestoneSummary, type SummaryOptions } from "./summary";
import type { GateResult, MilestoneSummary } from "./summary-schemas";

/**
 * Concurrent readers of one milestone's summary share computations, in rounds: while a round
 * runs, every request that arrives waits for the next round, which starts when the running one
 * ends and serves them all. A round always starts after each of its readers arrived, so each
 * reader sees every write committed before its request (no stale answer), while the database
 * computes at most one summary per milestone, environment and instance at a time, however many
 * stakeholders, dashboards and CI gates ask during an upload. Per process and only for speed:
 * several instances each run their own rounds.
 */
type Slot = { running: Promise<MilestoneSummary> | null; queued: Promise<MilestoneSummary> | null };

const KEY = Symbol.for("qa-studio.summary-rounds");
const slots = ((globalThis as unknown as Record<symbol, Map<string, Slot>>)[KEY] ??= new Map<string, Slot>());

/** The summary for read-only callers (the summary API, the gate, the badge, the milestone page). */
export function sharedMilestoneSummary(ctx: ProjectCtx, milestoneId: string, opts: Omit<SummaryOptions, "now"> = {}): Promise<MilestoneSummary> {
  authorize(ctx, "project:read");
  const key = JSON.stringify([ctx.project.id, milestoneId, opts.environmentId ?? null, opts.includeChildren ?? true, opts.build ?? null]);
  const slot = slots.get(key) ?? { running: null, queued: null };
  slots.set(key, slot);
  const start = () => {
    const round = milestoneSummary(ctx, milestoneId, opts);
    slot.running = round;
    const done = () => {
      if (slot.running === round) slot.running = null;
      if (!slot.running && !slot.queued) slots.delete(key);
    };
    round.then(done, done);
    return round;
  };
  if (slot.queued) return slot.queued;
  if (!slot.running) return start();
  const after = slot.running.then(
    () => undefined,
    () => undefined,
  );
  slot.queued = after.then(() => {
    slot.queued = null;
    return start();
  });
  return slot.queued;
}

/** The CI gate from a shared round: the verdict and reasons, without the lists. */
export async function sharedMilestoneGate(ctx: ProjectCtx, milestoneId: string, opts: { environmentId?: string; build?: string } = {}): Promise<GateResult> {
  return gateOf(await sharedMilestoneSummary(ctx, milestoneId, { ...opts, includeChildren: false }));
}
