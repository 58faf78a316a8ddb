import PgBoss from "pg-boss";
import type { PGlite } from "@electric-sql/pglite";
import type { Db } from "@/db/client";
import { pgErrorCode } from "@/lib/errors";
import { SlackClient } from "@/lib/slack/client";
import { DEFAULT_POLICY, deliverNotification, dueNotificationIds, type DeliveryPolicy } from "./deliver";
import { scanNotifications } from "./scan";
import { logger } from "@/lib/observability/logger";

export const SCAN_QUEUE = "notify-scan";
export const DELIVER_QUEUE = "notify-deliver";

export type NotifierOptions = {
  db: Db;
  /** postgres:// URL (pg-boss opens its own small pool), or the embedded PGlite (pg-boss runs through it in-process). */
  connection: { connectionString: string } | { pglite: PGlite };
  scanSeconds: number;
  slack?: SlackClient;
  policy?: Partial<DeliveryPolicy>;
  publicUrl?: string;
  /** pg-boss's job polling (default 2 s). */
  pollingSeconds?: number;
  /** pg-boss schema (tests give each instance set its own). */
  schema?: string;
  /** What time the scan thinks it is (tests move it; delivery always uses the database's clock). */
  clock?: () => Date;
  /** Further queues of this job queue (attachment storage cleanup), created with the notifier's. */
  queues?: PgBoss.Queue[];
};

export type Notifier = { boss: PgBoss; stop: () => Promise<void>; scanNow: () => Promise<string | null> };

/**
 * Starts pg-boss with two queues. notify-scan runs the periodic scan: pg-boss's cron fires it
 * every minute, and for shorter intervals every instance offers a throttled job per interval
 * slot (pg-boss keeps one per slot across instances). notify-deliver sends one outbox row; a
 * failed attempt schedules the next one with pg-boss's startAfter, and the scan re-enqueues
 * anything whose job was lost, so nothing is dropped across restarts.
 */
export async function startNotifier(opts: NotifierOptions): Promise<Notifier> {
  const schema = opts.schema ?? "pgboss";
  const make = () =>
    "pglite" in opts.connection
      ? new PgBoss({ db: pgliteExecutor(opts.connection.pglite), schema, supervise: true, schedule: true })
      : new PgBoss({ connectionString: opts.connection.connectionString, schema, max: 3, application_name: "qa-studio-notify" });
  const boss = await startBoss(make, opts.queues ?? []);

  const slack = opts.slack ?? new SlackClient();
  const policy = { ...DEFAULT_POLICY, ...opts.policy };
  const pollingIntervalSeconds = opts.pollingSeconds ?? 2;
  const enqueue = (id: string, startAfterMs = 0) =>
    boss.send(DELIVER_QUEUE, { id }, startAfterMs > 0 ? { startAfter: Math.ceil(startAfterMs / 1000) } : {});

  await boss.work<{ id: string }>(DELIVER_QUEUE, { pollingIntervalSeconds, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) {
      const outcome = await deliverNotification({ db: opts.db, id: job.data.id, slack, policy });
      if (outcome.status === "RETRY") await enqueue(job.data.id, outcome.retryInMs);
    }
  });
  await boss.work(SCAN_QUEUE, { pollingIntervalSeconds }, async () => {
    const { created } = await scanNotifications({ db: opts.db, publicUrl: opts.publicUrl, now: opts.clock?.() });
    for (const row of created) if (row.status === "PENDING") await enqueue(row.id);
    // Rows whose job was lost: due for longer than a scan interval and still not sent.
    const lost = await dueNotificationIds(opts.db, { graceMs: Math.max(opts.scanSeconds, 60) * 1000 });
    for (const id of lost) await enqueue(id);
  });

  const cronMinutes = Math.max(1, Math.round(opts.scanSeconds / 60));
  await boss.schedule(SCAN_QUEUE, cronMinutes === 1 ? "* * * * *" : `*/${cronMinutes} * * * *`);
  const scanNow = () => boss.sendThrottled(SCAN_QUEUE, {}, {}, opts.scanSeconds, "scan");
  let timer: NodeJS.Timeout | null = null;
  if (opts.scanSeconds < 60) {
    timer = setInterval(() => void scanNow().catch((err) => logger().error({ err }, "notify: scan failed")), opts.scanSeconds * 1000);
    timer.unref();
  }
  // A scan at start-up catches up on whatever fell due while no instance ran.
  await scanNow();

  let stopped: Promise<void> | null = null;
  return {
    boss,
    scanNow,
    stop: () =>
      (stopped ??= (async () => {
        if (timer) clearInterval(timer);
        await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      })()),
  };
}

/** Postgres codes of the races two instances installing pg-boss's schema at once can hit. */
const INSTALL_RACES = new Set(["40P01", "23505", "42P07", "42710"]);

/** Starts pg-boss and its queues; instances starting together on a fresh database retry the install race. */
async function startBoss(make: () => PgBoss, queues: PgBoss.Queue[]): Promise<PgBoss> {
  for (let attempt = 1; ; attempt++) {
    const boss = make();
    const onError = (err: Error) => logger().error({ err }, "notify: pg-boss error");
    boss.on("error", onError);
    try {
      await boss.start();
      await boss.createQueue(SCAN_QUEUE, { name: SCAN_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 300 });
      await boss.createQueue(DELIVER_QUEUE, { name: DELIVER_QUEUE, retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 });
      for (const queue of queues) await boss.createQueue(queue.name, queue);
      return boss;
    } catch (err) {
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      if (attempt >= 5 || !INSTALL_RACES.has(pgErrorCode(err) ?? "")) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400 * attempt));
    }
  }
}

/**
 * pg-boss's `db` option over PGlite: parameterised statements go through query(), and its
 * multi-statement scripts (schema creation, locked maintenance) through exec().
 */
export function pgliteExecutor(pglite: PGlite): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length) {
        const res = await pglite.query(text, values as never[]);
        return { rows: res.rows as unknown[] };
      }
      const results = await pglite.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as unknown[] };
    },
  };
}
