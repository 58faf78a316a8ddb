import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments, storageDeletions } from "@/db/schema";
import { logger } from "@/lib/observability/logger";
import { rowsOf } from "@/lib/sql";
import { attachmentStorage, type AttachmentStorage } from "./storage";

/** How long a claimed row is left to the instance that claimed it before another may retry it. */
const LEASE_SECONDS = 300;
/** Retries of a failed delete wait 30 s, doubling, at most an hour. */
const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

export type DrainOutcome = { deleted: number; kept: number; failed: number };

/**
 * Deletes the bytes queued in `storage_deletions` (every deleted attachment row queues its key in
 * the deleting transaction, cascades included) and then their rows. Rows are claimed with a lease
 * (`FOR UPDATE SKIP LOCKED`), so several instances drain side by side without sending one delete
 * twice at once; a failure keeps the row with its error and a later due time. A key that an
 * attachment row references again (a restored backup) only leaves the queue: its bytes are kept.
 *
 * With `keys`, only those rows are tried, once (right after a delete commits); without, the queue
 * is drained in batches until nothing due is left (the `attachment-deletions` job).
 */
export async function drainStorageDeletions(
  db: Db,
  opts: { storage?: AttachmentStorage; keys?: readonly string[]; batchSize?: number } = {},
): Promise<DrainOutcome> {
  const storage = opts.storage ?? attachmentStorage();
  const batchSize = opts.batchSize ?? 100;
  const outcome: DrainOutcome = { deleted: 0, kept: 0, failed: 0 };
  if (opts.keys && !opts.keys.length) return outcome;
  for (;;) {
    const only = opts.keys ? sql`and storage_key in (${sql.join(opts.keys.map((k) => sql`${k}`), sql`, `)})` : sql``;
    const claimed = rowsOf<{ storage_key: string; attempts: number }>(
      await db.execute(sql`
        update storage_deletions set due_at = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
        where storage_key in (
          select storage_key from storage_deletions where due_at <= now() ${only}
          order by due_at limit ${batchSize} for update skip locked
        )
        returning storage_key, attempts`),
    );
    if (!claimed.length) break;
    const keys = claimed.map((r) => r.storage_key);
    const referenced = new Set(
      (await db.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.storageKey, keys))).map((r) => r.key),
    );
    for (const { storage_key: key, attempts } of claimed) {
      if (referenced.has(key)) {
        await db.delete(storageDeletions).where(eq(storageDeletions.storageKey, key));
        outcome.kept++;
        continue;
      }
      try {
        await storage.delete(key);
        await db.delete(storageDeletions).where(eq(storageDeletions.storageKey, key));
        outcome.deleted++;
      } catch (err) {
        outcome.failed++;
        logger().warn({ err, storageKey: key, attempts }, "attachments: could not delete the bytes of a deleted attachment; will retry");
        await db
          .update(storageDeletions)
          .set({ dueAt: sql`now() + make_interval(secs => ${backoffSeconds(attempts)})`, lastError: String((err as Error)?.message ?? err).slice(0, 1000) })
          .where(and(eq(storageDeletions.storageKey, key), eq(storageDeletions.attempts, attempts)));
      }
    }
    if (opts.keys || claimed.length < batchSize) break;
  }
  if (outcome.deleted || outcome.failed) logger().debug({ ...outcome }, "attachments: drained storage deletions");
  return outcome;
}
