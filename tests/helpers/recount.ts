import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/lib/sql";

/** The run's counters recomputed from its entries, to compare with the stored ones. */
export async function recount(runId: string) {
  const [row] = rowsOf<Record<string, number>>(
    await getDb().execute(sql`
      select count(*)::int as total,
        (count(*) filter (where status = 'PASSED'))::int as passed,
        (count(*) filter (where status = 'FAILED'))::int as failed,
        (count(*) filter (where status = 'BLOCKED'))::int as blocked,
        (count(*) filter (where status = 'SKIPPED'))::int as skipped,
        (count(*) filter (where status = 'RETEST'))::int as retest,
        (count(*) filter (where status = 'UNTESTED'))::int as untested,
        (count(*) filter (where flaky))::int as flaky
      from run_entries where run_id = ${runId}`),
  );
  return row;
}
