import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";

/**
 * Column values travel as PostgreSQL's text form; these settings make that form the same on
 * every server (ISO dates in UTC, shortest exact floats), for the export and the import alike.
 */
export async function setTextFormat(tx: Tx): Promise<void> {
  await tx.execute(sql.raw("set local datestyle = 'ISO, YMD'"));
  await tx.execute(sql.raw("set local timezone = 'UTC'"));
  await tx.execute(sql.raw("set local intervalstyle = 'postgres'"));
  await tx.execute(sql.raw("set local extra_float_digits = 3"));
}
