import { pgErrorCode } from "@/lib/errors";

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock detected, serialization failure

/** Re-runs a transaction that Postgres aborted as a deadlock victim or serialization failure. */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = pgErrorCode(err);
      if (!code || !RETRYABLE.has(code) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 10 * 2 ** i + Math.random() * 20));
    }
  }
}
