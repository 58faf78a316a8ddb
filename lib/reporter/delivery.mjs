// Delivers one process's results to one run: creates or joins the run, sends results in batches in
// the background, uploads attachments once their result is stored, and completes the shard or run.
// Whatever could not be delivered is described by leftovers(), for a spool file to replay later.
import { readFile, stat } from "node:fs/promises";
import { ApiError } from "./client.mjs";

/** Attachments larger than this are not read into memory or sent. */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

// After a failed background send, wait this long before trying the server again.
const PAUSE_AFTER_FAILURE_MS = 15_000;
const ATTACHMENT_CONCURRENCY = 2;

/** Where a person looks at the run: its run page (the project page when no run id is known). */
export function runUrl(url, project, runId) {
  const base = `${String(url).replace(/\/+$/, "")}/projects/${encodeURIComponent(project)}`;
  return runId ? `${base}/runs/${encodeURIComponent(runId)}` : base;
}

/** "6 tests (4 passed, 1 failed, 1 flaky)": the non-zero counts among `keys`. */
export function countsText(total, counts, keys = ["passed", "failed", "blocked", "skipped", "retest", "untested", "flaky"]) {
  const parts = keys.filter((k) => counts[k]).map((k) => `${counts[k]} ${k}`);
  return `${total} ${total === 1 ? "test" : "tests"}${parts.length ? ` (${parts.join(", ")})` : ""}`;
}

/** "run COMPLETED: 6 tests (4 passed, ...)" from a run as the API returns it. */
export function runCountsText(run) {
  return `run ${run.status}: ${countsText(run.counts.total, run.counts)}`;
}

/**
 * @typedef {{ name: string, contentType: string, path?: string, body?: Buffer }} Attachment
 * @typedef {{ result: Record<string, any>, attachments: Attachment[] }} Item
 */

export class Delivery {
  /**
   * @param {object} o
   * @param {import("./client.mjs").QaStudioClient} o.client
   * @param {string} o.project            id or key
   * @param {Record<string, any>} o.run   the create-run body (name, milestone, environment, ciBuildId, shard, ...)
   * @param {number} [o.batchSize]        results per request (default 200)
   * @param {number | null} [o.intervalMs] send what is queued after this long (default 2000; null: only by size and at the end)
   * @param {boolean} [o.uploadAttachments]
   * @param {(message: string) => void} [o.warn]
   * @param {(results: Record<string, any>[]) => Promise<void> | void} [o.beforeSend]  called with each batch before it is sent (it may change the results)
   */
  constructor(o) {
    this.client = o.client;
    this.project = o.project;
    this.runInput = o.run;
    this.batchSize = o.batchSize ?? 200;
    this.intervalMs = o.intervalMs === undefined ? 2000 : o.intervalMs;
    this.uploadAttachments = o.uploadAttachments ?? true;
    this.warn = o.warn ?? (() => {});
    this.beforeSend = o.beforeSend ?? null;

    /** @type {Item[]} results not yet stored, oldest first */
    this.queue = [];
    /** @type {{ resultId: string, attachment: Attachment }[]} */
    this.attachmentQueue = [];
    /** @type {{ resultId: string, attachment: Attachment }[]} attachments the server did not answer for */
    this.unsentAttachments = [];
    this.activeUploads = 0;
    this.uploadsIdle = null;

    this.run = null;
    this.runPromise = null;
    /** @type {ApiError | Error | null} */
    this.lastError = null;
    /** A refusal that sending again will not change (401, 403, 404, 409): stop trying. */
    this.blocked = null;
    this.pausedUntil = 0;
    this.timer = null;
    this.flushPending = false;
    this.gaveUp = false;
    this.chain = Promise.resolve();

    this.stats = { sent: 0, created: 0, duplicates: 0, casesCreated: 0, rejected: 0, attachments: 0, attachmentsFailed: 0 };
    /** @type {{ testKey: string, attempt: number, field: string, message: string }[]} */
    this.itemErrors = [];
    this.completed = false;
    this.completeError = null;
  }

  /** Creates or joins the run in the background; resolves to the run, or null (see lastError). */
  start() {
    if (!this.runPromise) this.runPromise = this.ensureRun();
    return this.runPromise;
  }

  /** @param {number} [retries] fewer than the client's default when the server was just found unreachable */
  async ensureRun(retries) {
    if (this.run) return this.run;
    try {
      this.run = await this.client.createRun(this.project, this.runInput, retries === undefined ? {} : { retries });
      if (this.run.status === "ABORTED" || (this.run.status === "COMPLETED" && this.run.completionReason !== "TIMEOUT")) {
        this.blocked = new ApiError(
          `Run ${this.run.id} for build ${this.runInput.ciBuildId} is already ${this.run.status} and takes no more results; use another ciBuildId.`,
          { status: 409, code: "CONFLICT" },
        );
        this.warn(this.blocked.message);
      }
    } catch (err) {
      this.fail(err);
    }
    return this.run;
  }

  fail(err) {
    this.lastError = err;
    if (err instanceof ApiError && !err.transient) this.blocked = err;
  }

  /**
   * Queues one attempt; sends when a batch is full, or after the interval.
   * @param {Record<string, any>} result
   * @param {Attachment[]} [attachments]
   */
  add(result, attachments = []) {
    this.queue.push({ result, attachments: this.uploadAttachments ? attachments : [] });
    if (this.queue.length >= this.batchSize) this.flushInBackground();
    else if (!this.timer && this.intervalMs != null) {
      this.timer = setTimeout(() => this.flushInBackground(), this.intervalMs);
      this.timer.unref?.();
    }
  }

  /** Queues an attachment of a result that is already stored (a spool's leftovers). */
  addAttachment(resultId, attachment) {
    if (!this.uploadAttachments) return;
    this.attachmentQueue.push({ resultId, attachment });
    this.pumpAttachments();
  }

  flushInBackground() {
    this.clearTimer();
    // One drain waiting behind the running one is enough: it sends whatever is queued by then.
    if (this.flushPending) return;
    this.flushPending = true;
    this.chain = this.chain.then(() => {
      this.flushPending = false;
      return this.drain(false);
    });
  }

  clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Sends queued results batch by batch. In the background a failure pauses sending for a while
   * (the queue keeps growing and is retried later); at the end a failure stops it (the rest is spooled).
   */
  async drain(final) {
    while (this.queue.length && !this.blocked && !this.gaveUp) {
      if (!final && Date.now() < this.pausedUntil) return;
      const run = this.run ?? (await (final ? this.ensureRun() : this.start()));
      if (!run) {
        // The run could not be created yet; try again after the pause (or at the end).
        this.runPromise = null;
        this.pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
        return;
      }
      if (this.blocked) return;
      const batch = this.queue.slice(0, this.batchSize);
      if (!(await this.sendBatch(run.id, batch))) {
        this.pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
        return;
      }
      this.queue.splice(0, batch.length);
    }
  }

  /** @param {string} runId @param {Item[]} batch @returns {Promise<boolean>} stored */
  async sendBatch(runId, batch) {
    let out;
    try {
      if (this.beforeSend) await this.beforeSend(batch.map((i) => i.result));
      out = await this.client.postResults(this.project, runId, batch.map((i) => i.result));
    } catch (err) {
      this.fail(err);
      this.warn(`Could not send ${batch.length} results: ${err.message}`);
      return false;
    }
    this.stats.sent += batch.length;
    this.stats.created += out.created;
    this.stats.duplicates += out.duplicates;
    this.stats.casesCreated += out.casesCreated;
    this.stats.rejected += new Set(out.errors.map((e) => e.index)).size;
    for (const e of out.errors) {
      const r = batch[e.index]?.result ?? {};
      this.itemErrors.push({ testKey: r.testKey, attempt: r.attempt, field: e.field, message: e.message });
    }
    if (out.run) this.run = { ...this.run, status: out.run.status };
    // Attachments go to the stored result; a duplicate's are sent too, since the answer that would
    // have triggered their upload may be the one that was lost.
    for (const r of out.results) {
      for (const attachment of batch[r.index]?.attachments ?? []) this.attachmentQueue.push({ resultId: r.resultId, attachment });
    }
    this.pumpAttachments();
    return true;
  }

  pumpAttachments() {
    while (!this.gaveUp && this.activeUploads < ATTACHMENT_CONCURRENCY && this.attachmentQueue.length) {
      const job = this.attachmentQueue.shift();
      this.activeUploads++;
      this.uploadOne(job).finally(() => {
        this.activeUploads--;
        this.pumpAttachments();
        if (!this.activeUploads && !this.attachmentQueue.length) this.uploadsIdle?.();
      });
    }
  }

  async uploadOne({ resultId, attachment }) {
    const label = `attachment ${attachment.name}`;
    try {
      let body = attachment.body;
      if (!body) {
        const size = (await stat(attachment.path)).size;
        if (size > MAX_ATTACHMENT_BYTES) {
          this.stats.attachmentsFailed++;
          this.warn(`Skipped ${label}: ${Math.round(size / 1024 / 1024)} MB is over the ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB limit.`);
          return;
        }
        body = await readFile(attachment.path);
      }
      await this.client.uploadAttachment(this.project, resultId, { name: attachment.name, contentType: attachment.contentType, body });
      this.stats.attachments++;
    } catch (err) {
      this.stats.attachmentsFailed++;
      // Without an answer the file can be sent later from the spool; a refusal (too large, type not allowed) is final.
      if (err instanceof ApiError && err.transient) {
        this.unsentAttachments.push({ resultId, attachment });
        this.lastError = err;
      }
      this.warn(`Could not upload ${label}: ${err.message}`);
    }
  }

  waitForAttachments() {
    if (!this.activeUploads && !this.attachmentQueue.length) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.uploadsIdle;
      this.uploadsIdle = () => {
        this.uploadsIdle = previous;
        previous?.();
        resolve();
      };
    });
  }

  /**
   * Sends everything left, waits for attachments, then completes the shard or the run, when all
   * results are stored. Gives up after `timeoutMs` (what is unconfirmed by then is left over for
   * the spool; replaying it cannot count anything twice). Never throws.
   * @param {{ complete?: { shard?: { current: number, total: number } } | null, timeoutMs?: number }} [o]
   */
  async finish({ complete = null, timeoutMs } = {}) {
    this.clearTimer();
    this.complete = complete;
    const work = this.finishWork(complete);
    if (!timeoutMs) {
      await work;
      return this.summary();
    }
    let timer;
    const expired = new Promise((resolve) => {
      timer = setTimeout(() => resolve("expired"), timeoutMs);
    });
    const outcome = await Promise.race([work.then(() => "done"), expired]);
    clearTimeout(timer);
    if (outcome === "expired") {
      this.gaveUp = true;
      this.lastError = new ApiError(`QA Studio did not take everything within ${Math.round(timeoutMs / 1000)} s${this.lastError ? ` (${this.lastError.message})` : ""}`, { status: 0 });
    }
    return this.summary();
  }

  async finishWork(complete) {
    await this.chain;
    if (this.runPromise) await this.runPromise;
    // One more try; short when the server was unreachable a moment ago, so a dead server costs the
    // end of the test run seconds, not a full round of backoff.
    if (!this.run && !this.blocked) await this.ensureRun(this.lastError instanceof ApiError && this.lastError.unreachable ? 1 : undefined);
    if (this.run && !this.blocked) await this.drain(true);
    await this.waitForAttachments();
    if (complete && this.run && !this.queue.length && !this.blocked && !this.gaveUp) {
      try {
        this.run = await this.client.completeRun(this.project, this.run.id, complete.shard);
        this.completed = true;
      } catch (err) {
        this.completeError = err;
        this.warn(`Could not complete the ${complete.shard ? `shard ${complete.shard.current}/${complete.shard.total}` : "run"}: ${err.message}`);
      }
    }
    if (this.run?.id && !this.completed && !this.gaveUp) {
      try {
        this.run = await this.client.getRun(this.project, this.run.id, { retries: 0 });
      } catch {
        // Only the printed counts are missing.
      }
    }
  }

  /** Whether anything must be kept for a later upload. */
  get needsSpool() {
    const completionPending = Boolean(this.complete) && !this.completed && !(this.completeError instanceof ApiError && !this.completeError.transient);
    return this.queue.length > 0 || this.unsentAttachments.length > 0 || completionPending;
  }

  summary() {
    return {
      run: this.run,
      stats: { ...this.stats },
      itemErrors: [...this.itemErrors],
      undelivered: this.queue.length,
      completed: this.completed,
      error: this.blocked ?? this.lastError ?? this.completeError,
      needsSpool: this.needsSpool,
    };
  }

  /** Everything not yet delivered, as plain data (see spool.mjs). */
  leftovers() {
    return {
      runId: this.run?.id ?? null,
      items: this.queue,
      attachments: [...this.unsentAttachments, ...this.attachmentQueue],
      complete: this.completed ? null : this.complete ?? null,
      reason: (this.blocked ?? this.lastError ?? this.completeError)?.message ?? null,
    };
  }
}
