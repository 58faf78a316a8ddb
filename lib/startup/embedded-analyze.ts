import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { logger } from "@/lib/observability/logger";

/**
 * PGlite runs without autovacuum, so its statistics would stay those of an empty database and
 * plans made then (foreign-key checks are cached per connection) would keep scanning tables that
 * have since grown. Analyzing at start-up and every few minutes keeps them on their indexes.
 */
export function startEmbeddedAnalyze(db: Db, everyMs = 5 * 60_000): () => void {
  const analyze = () => db.execute(sql`analyze`).catch((err) => logger().error({ err }, "embedded database: analyze failed"));
  void analyze();
  const timer = setInterval(analyze, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
