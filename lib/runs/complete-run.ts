import type { ProjectCtx } from "@/lib/context";
import type { TestRun } from "./schemas";
import { updateRun } from "./update-run";

/** Completing an already completed run is a no-op, so a retried CI call is harmless. */
export async function completeRun({ ctx, runId }: { ctx: ProjectCtx; runId: string }): Promise<TestRun> {
  return updateRun({ ctx, runId, input: { status: "COMPLETED" } });
}
