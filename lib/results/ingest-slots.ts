/**
 * How many JSON result batches one app instance stores at the same time. CI shards post batches
 * in bursts; each batch is a write transaction that keeps a database backend busy, and on a small
 * machine twenty of them at once leave no CPU for the people reading the milestone page. Batches
 * beyond the limit wait their turn in arrival order (their latency grows, none is refused), so the
 * database works on a few batches and on the reads in between. JUnit uploads are not held here:
 * their body streams inside the transaction, and a slow uploader would keep a slot for minutes.
 *
 * `QA_STUDIO_INGEST_CONCURRENCY` sets the limit per instance (default 2).
 */
export type Slots = {
  /** Runs `work` once a slot is free, and frees the slot when it settles (also on a throw). */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Work running and waiting right now; the most ever running at once, and how many ever had to wait. */
  use(): { busy: number; waiting: number; limit: number; peak: number; waited: number };
};

export const DEFAULT_INGEST_CONCURRENCY = 2;

export function createSlots(limit: number): Slots {
  let busy = 0;
  let peak = 0;
  let waited = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(work) {
      if (busy >= limit) {
        waited++;
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else peak = Math.max(peak, ++busy);
      try {
        return await work();
      } finally {
        // The slot passes straight to the next waiter (busy stays the same), or is freed.
        const next = waiting.shift();
        if (next) next();
        else busy--;
      }
    },
    use: () => ({ busy, waiting: waiting.length, limit, peak, waited }),
  };
}

const store = globalThis as typeof globalThis & { __qaIngestSlots?: Slots };

/** This instance's ingestion slots, sized from QA_STUDIO_INGEST_CONCURRENCY on first use. */
export function ingestSlots(): Slots {
  if (!store.__qaIngestSlots) {
    const configured = Number(process.env.QA_STUDIO_INGEST_CONCURRENCY);
    store.__qaIngestSlots = createSlots(Number.isInteger(configured) && configured >= 1 ? configured : DEFAULT_INGEST_CONCURRENCY);
  }
  return store.__qaIngestSlots;
}
