import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { rowsOf } from "@/lib/sql";

/** The run, which must be in the project (404) and still open to planning changes (409). */
export async function assertRunOpen(tx: Tx, ctx: ProjectCtx, runId: string): Promise<{ id: string; status: string }> {
  const [run] = rowsOf<{ id: string; status: string }>(
    await tx.execute(sql`select id, status from test_runs where id = ${runId} and project_id = ${ctx.project.id}`),
  );
  if (!run) throw new NotFoundError("Test run");
  if (run.status === "COMPLETED" || run.status === "ABORTED") throw new ConflictError(`This run is ${run.status}; its entries cannot change.`);
  return run;
}
