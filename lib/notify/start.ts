import { getConnection } from "@/db/client";
import { slackEnv } from "@/lib/env";
import { STORAGE_QUEUES, startStorageCleanup } from "@/lib/attachments/cleanup-jobs";
import { startNotifier, type Notifier } from "./notifier";

const KEY = Symbol.for("qa-studio.notifier");
const store = globalThis as unknown as { [KEY]?: Notifier };

/**
 * Starts this instance's job queue (once per process) on the app's own database: the notifier's
 * scan and delivery, and the cleanup of deleted attachments' bytes.
 */
export async function startInstanceNotifier(): Promise<void> {
  if (store[KEY]) return;
  const conn = getConnection();
  const env = slackEnv();
  const pollingSeconds = Math.min(2, Math.max(0.5, env.QA_STUDIO_NOTIFY_SCAN_SECONDS / 2));
  const notifier = await startNotifier({
    db: conn.db,
    connection: conn.kind === "pglite" ? { pglite: conn.client } : { connectionString: process.env.DATABASE_URL! },
    scanSeconds: env.QA_STUDIO_NOTIFY_SCAN_SECONDS,
    pollingSeconds,
    queues: STORAGE_QUEUES,
  });
  await startStorageCleanup({ boss: notifier.boss, db: conn.db, pollingSeconds: 2 });
  store[KEY] = notifier;
}

/** This instance's notifier, once it has started (the job queue is then running). */
export function instanceNotifier(): Notifier | undefined {
  return store[KEY];
}

/** Lets running deliveries finish and stops polling; called before the database closes. */
export async function stopInstanceNotifier(): Promise<void> {
  const n = store[KEY];
  store[KEY] = undefined;
  await n?.stop();
}
