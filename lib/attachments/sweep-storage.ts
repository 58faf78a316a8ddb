import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments } from "@/db/schema";
import { logger } from "@/lib/observability/logger";
import { attachmentStorage, type AttachmentStorage, type ListedFile } from "./storage";

/**
 * Files younger than this are never swept: an upload writes its bytes first and its attachment
 * row right after, so a file without a row may simply be an upload in flight.
 */
export const SWEEP_GRACE_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;

export type SweepOutcome = { checked: number; removed: number; interruptedUploads: number };

/**
 * Removes stored files that no attachment row references and that are older than the grace
 * period (what a crash between a delete's commit and its outbox entry can no longer cause, but
 * an older release, a crash during an upload, or a restored database can leave), plus uploads
 * interrupted by a crash. Safe on any number of instances at once: deleting twice is harmless.
 */
export async function sweepStorage(
  db: Db,
  opts: { storage?: AttachmentStorage; graceMs?: number; now?: Date } = {},
): Promise<SweepOutcome> {
  const storage = opts.storage ?? attachmentStorage();
  const cutoff = new Date((opts.now ?? new Date()).getTime() - (opts.graceMs ?? SWEEP_GRACE_MS));
  const outcome: SweepOutcome = { checked: 0, removed: 0, interruptedUploads: 0 };
  let batch: ListedFile[] = [];
  const flush = async () => {
    const keys = batch.map((f) => f.key);
    batch = [];
    if (!keys.length) return;
    const referenced = new Set(
      (await db.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.storageKey, keys))).map((r) => r.key),
    );
    for (const key of keys) {
      if (referenced.has(key)) continue;
      await storage.delete(key);
      outcome.removed++;
    }
  };
  for await (const file of storage.list()) {
    outcome.checked++;
    if (file.modifiedAt >= cutoff) continue;
    batch.push(file);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  outcome.interruptedUploads = await storage.removeInterruptedUploads(cutoff);
  if (outcome.removed || outcome.interruptedUploads) logger().info({ ...outcome }, "attachments: swept files without an attachment row");
  return outcome;
}
