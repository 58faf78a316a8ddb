import { sql } from "drizzle-orm";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { getConnection } from "@/db/client";
import { NOTIFICATION_STATUSES } from "@/db/schema";
import { DELIVER_QUEUE, SCAN_QUEUE } from "@/lib/notify/notifier";
import { DELETIONS_QUEUE, SWEEP_QUEUE } from "@/lib/attachments/cleanup-jobs";
import { instanceNotifier } from "@/lib/notify/start";
import { rowsOf } from "@/lib/sql";
import { logger } from "./logger";

/**
 * The process's Prometheus metrics, served by GET /api/metrics. One registry per process, kept on
 * globalThis: the request hook (installed at start-up) and the route bundles must share it.
 */
export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<"route" | "method" | "status">;
  resultsIngested: Counter<"source">;
  junitImports: Counter<"outcome">;
};

const KEY = Symbol.for("qa-studio.metrics");
const store = globalThis as typeof globalThis & { [KEY]?: Metrics };

export function metrics(): Metrics {
  return (store[KEY] ??= createMetrics());
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP requests by route template, method and status, and how long they took.",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const resultsIngested = new Counter({
    name: "qa_studio_results_ingested_total",
    help: "Automated results stored (new attempts, not duplicates), by source: api (JSON batches) or junit.",
    labelNames: ["source"] as const,
    registers: [registry],
  });
  const junitImports = new Counter({
    name: "qa_studio_junit_imports_total",
    help: "JUnit XML uploads, by outcome: stored or refused.",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "qa_studio_notification_outbox_rows",
    help: "Notifications in the outbox (every instance's), by state.",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const counts = await countOutbox();
      for (const state of NOTIFICATION_STATUSES) this.set({ state }, counts.get(state) ?? 0);
    },
  });
  new Gauge({
    name: "qa_studio_job_queue_depth",
    help: "Jobs waiting in the pg-boss queues (created or due for retry), by queue.",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      const boss = instanceNotifier()?.boss;
      if (!boss) return;
      for (const queue of [SCAN_QUEUE, DELIVER_QUEUE, DELETIONS_QUEUE, SWEEP_QUEUE]) this.set({ queue }, await boss.getQueueSize(queue));
    },
  });
  new Gauge({
    name: "qa_studio_db_pool_connections",
    help: "This instance's database connections: open, and in use (running a query or inside a transaction).",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const pool = await poolUse();
      this.set({ state: "open" }, pool.open);
      this.set({ state: "in_use" }, pool.inUse);
    },
  });
  new Gauge({
    name: "qa_studio_db_pool_size",
    help: "The most connections this instance opens (QA_STUDIO_DB_POOL_SIZE; 1 for the embedded database).",
    registers: [registry],
    collect() {
      this.set(getConnection().kind === "pglite" ? 1 : Number(process.env.QA_STUDIO_DB_POOL_SIZE || 10));
    },
  });
  return { registry, httpDuration, resultsIngested, junitImports };
}

async function countOutbox(): Promise<Map<string, number>> {
  try {
    const rows = rowsOf<{ status: string; n: number }>(await getConnection().db.execute(sql`select status, count(*)::int as n from notifications group by status`));
    return new Map(rows.map((r) => [r.status, Number(r.n)]));
  } catch (err) {
    logger().warn({ err }, "metrics: could not count the notification outbox");
    return new Map();
  }
}

/**
 * Connections come from pg_stat_activity, where this instance's are named by their application
 * name (see db/client.ts); the connection asking is itself in use. The embedded database has one.
 */
async function poolUse(): Promise<{ open: number; inUse: number }> {
  const conn = getConnection();
  if (conn.kind === "pglite") return { open: 1, inUse: 0 };
  const [row] = rowsOf<{ open: number; in_use: number }>(
    await conn.db.execute(sql`
      select count(*)::int as open, (count(*) filter (where state <> 'idle' and pid <> pg_backend_pid()))::int as in_use
      from pg_stat_activity where application_name = current_setting('application_name')`),
  );
  return { open: Number(row?.open ?? 0), inUse: Number(row?.in_use ?? 0) };
}
