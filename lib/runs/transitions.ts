import { sql, type SQL } from "drizzle-orm";
import { ConflictError } from "@/lib/errors";
import type { RunStatus } from "./schemas";

/** COMPLETED and ABORTED are final: a finished run's results stay what the milestone saw. */
const NEXT: Record<RunStatus, readonly RunStatus[]> = {
  PLANNED: ["IN_PROGRESS", "COMPLETED", "ABORTED"],
  IN_PROGRESS: ["COMPLETED", "ABORTED"],
  COMPLETED: [],
  ABORTED: [],
};

type Stamps = { startedAt?: SQL; completedAt?: SQL };

/** Timestamps a run gets when it enters `status` (used for new runs too). */
export function stampsFor(status: RunStatus): Stamps {
  if (status === "IN_PROGRESS") return { startedAt: sql`coalesce(started_at, now())` };
  if (status === "COMPLETED" || status === "ABORTED") return { startedAt: sql`coalesce(started_at, now())`, completedAt: sql`now()` };
  return {};
}

export function initialStamps(status: RunStatus) {
  const active = status !== "PLANNED";
  const done = status === "COMPLETED" || status === "ABORTED";
  return { startedAt: active ? sql`now()` : null, completedAt: done ? sql`now()` : null };
}

export function assertTransition(from: RunStatus, to: RunStatus): void {
  if (from === to || NEXT[from].includes(to)) return;
  const hint = NEXT[from].length ? ` Allowed next: ${NEXT[from].join(", ")}.` : " It is final.";
  throw new ConflictError(`A ${from} run cannot become ${to}.${hint}`);
}
