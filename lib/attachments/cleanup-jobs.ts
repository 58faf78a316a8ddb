import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { logger } from "@/lib/observability/logger";
import { drainStorageDeletions } from "./drain-storage-deletions";
import { SWEEP_GRACE_MS, sweepStorage } from "./sweep-storage";

export const DELETIONS_QUEUE = "attachment-deletions";
export const SWEEP_QUEUE = "attachment-sweep";

/** The job queue's queues for attachment bytes, created with the notifier's (one install, one race retry). */
export const STORAGE_QUEUES: PgBoss.Queue[] = [
  // At most one drain queued and one running across all instances; more would find nothing to do.
  { name: DELETIONS_QUEUE, policy: "stately", retryLimit: 0, expireInSeconds: 900 },
  { name: SWEEP_QUEUE, policy: "stately", retryLimit: 0, expireInSeconds: 3600 },
];

/**
 * Drains the deletion outbox every minute (pg-boss cron, one job across instances) and at
 * start-up, and sweeps files without an attachment row every hour. The outbox rows are written
 * by the deleting transaction itself, so a crash at any point leaves work for the next drain,
 * never an orphan.
 */
export async function startStorageCleanup(opts: { boss: PgBoss; db: Db; pollingSeconds?: number; sweepGraceMs?: number }): Promise<void> {
  const { boss, db } = opts;
  const pollingIntervalSeconds = opts.pollingSeconds ?? 2;
  await boss.work(DELETIONS_QUEUE, { pollingIntervalSeconds }, async () => {
    await drainStorageDeletions(db);
  });
  await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds }, async () => {
    await sweepStorage(db, { graceMs: opts.sweepGraceMs ?? SWEEP_GRACE_MS });
  });
  await boss.schedule(DELETIONS_QUEUE, "* * * * *");
  await boss.schedule(SWEEP_QUEUE, "23 * * * *");
  await boss.send(DELETIONS_QUEUE, {}).catch((err) => logger().error({ err }, "attachments: could not queue the start-up drain"));
}
