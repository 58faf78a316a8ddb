// HTTP client for QA Studio's API, shared by the Playwright reporter and the upload CLI.
// Plain JavaScript on Node built-ins and global fetch: users load it without a build step.

/** Results per request accepted by `POST .../results`. */
export const MAX_RESULTS_PER_REQUEST = 1000;

// Files (attachments, JUnit reports) may be large; they get longer than a JSON call.
const FILE_TIMEOUT_MS = 300_000;

const DEFAULTS = {
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 30_000,
};

/** A request that failed: an HTTP error answer (`status` > 0) or no answer at all (`status` 0). */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {{ status: number, code?: string, details?: { field: string, message: string }[], cause?: unknown }} info
   */
  constructor(message, { status, code, details = [], cause }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** No answer (connection refused, DNS, timeout): the server may simply be down for now. */
  get unreachable() {
    return this.status === 0;
  }

  /** Worth trying again later: no answer, rate limited, or a server-side failure. */
  get transient() {
    return isRetryableStatus(this.status);
  }
}

/** Retried: no answer, 429, and 5xx. Other 4xx mean the request itself is wrong; sending it again cannot help. */
export function isRetryableStatus(status) {
  return status === 0 || status === 429 || status >= 500;
}

/**
 * Delay before retry number `attempt` (0-based): exponential with "equal jitter" (half fixed, half
 * random), so shards that failed together do not retry in lockstep.
 * @param {number} attempt
 * @param {{ baseDelayMs?: number, maxDelayMs?: number, random?: () => number }} [opts]
 */
export function backoffDelay(attempt, { baseDelayMs = DEFAULTS.baseDelayMs, maxDelayMs = DEFAULTS.maxDelayMs, random = Math.random } = {}) {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable.
 * @param {string | null | undefined} value
 * @param {number} [now]
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {object} ClientOptions
 * @property {string} url          QA Studio's base URL, e.g. https://qa.example.com
 * @property {string} apiKey       `qas_...`
 * @property {number} [retries]    retries after the first try (default 4)
 * @property {number} [baseDelayMs]
 * @property {number} [maxDelayMs]
 * @property {number} [maxRetryAfterMs]  longest Retry-After honoured as given; longer ones are cut to this
 * @property {number} [timeoutMs]  per request
 * @property {typeof fetch} [fetch]
 * @property {(ms: number) => Promise<void>} [sleep]
 * @property {() => number} [random]
 */

export class QaStudioClient {
  /** @param {ClientOptions} options */
  constructor(options) {
    this.baseUrl = String(options.url).replace(/\/+$/, "");
    this.apiKey = options.apiKey;
    this.options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
  }

  /**
   * One API call, retried on no answer, 429 (after its Retry-After) and 5xx.
   * @param {string} method
   * @param {string} path  starting with /api/
   * @param {{ json?: unknown, body?: Buffer | Uint8Array | string, contentType?: string, query?: Record<string, string>, retries?: number, timeoutMs?: number }} [req]
   * @returns {Promise<any>} the parsed JSON answer (null when empty)
   */
  async request(method, path, req = {}) {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const headers = { authorization: `Bearer ${this.apiKey}`, accept: "application/json", "user-agent": "qa-studio-reporter" };
    let body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers["content-type"] = "application/json";
    } else if (req.body !== undefined) {
      body = req.body;
      headers["content-type"] = req.contentType ?? "application/octet-stream";
    }
    const retries = req.retries ?? this.options.retries;
    for (let attempt = 0; ; attempt++) {
      let error;
      let retryAfterMs;
      try {
        const res = await this.fetch(url, { method, headers, body, signal: AbortSignal.timeout(req.timeoutMs ?? this.options.timeoutMs) });
        const text = await res.text();
        if (res.ok) return text ? parseJson(text) : null;
        error = errorFromResponse(method, url, res.status, text);
        retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      } catch (err) {
        const reason = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(err);
        error = new ApiError(`${method} ${url.pathname}: no answer from ${this.baseUrl} (${reason})`, { status: 0, cause: err });
      }
      if (!error.transient || attempt >= retries) throw error;
      const backoff = backoffDelay(attempt, { ...this.options, random: this.random });
      // Retry-After is the server's explicit wish; a little jitter keeps shards from returning together.
      const delay = retryAfterMs === undefined ? backoff : Math.min(retryAfterMs, this.options.maxRetryAfterMs) + Math.round(this.random() * 250);
      await this.sleep(delay);
    }
  }

  projectPath(project) {
    return `/api/projects/${encodeURIComponent(project)}`;
  }

  /** Creates the run, or joins the one with the same `ciBuildId` (every shard of a build lands in one run). */
  createRun(project, input, opts = {}) {
    return this.request("POST", `${this.projectPath(project)}/test-runs`, { ...opts, json: input });
  }

  getRun(project, runId, opts = {}) {
    return this.request("GET", `${this.projectPath(project)}/test-runs/${encodeURIComponent(runId)}`, opts);
  }

  /** Completes one shard (`shard` given) or the whole run. */
  completeRun(project, runId, shard) {
    const path = `${this.projectPath(project)}/test-runs/${encodeURIComponent(runId)}/complete`;
    return this.request("POST", path, shard ? { json: { shard } } : {});
  }

  /**
   * Posts results in requests of at most 1000, halving a request the server finds too large, and
   * merges the answers with indexes into `results`.
   * @param {string} project
   * @param {string} runId
   * @param {object[]} results
   */
  async postResults(project, runId, results) {
    const path = `${this.projectPath(project)}/test-runs/${encodeURIComponent(runId)}/results`;
    const total = { received: 0, created: 0, duplicates: 0, casesCreated: 0, errors: [], results: [], run: null };
    const send = async (offset, items) => {
      let out;
      try {
        out = await this.request("POST", path, { json: { results: items } });
      } catch (err) {
        if (err instanceof ApiError && err.status === 413 && items.length > 1) {
          const half = Math.ceil(items.length / 2);
          await send(offset, items.slice(0, half));
          await send(offset + half, items.slice(half));
          return;
        }
        throw err;
      }
      total.received += out.received ?? items.length;
      total.created += out.created ?? 0;
      total.duplicates += out.duplicates ?? 0;
      total.casesCreated += out.casesCreated ?? 0;
      for (const e of out.errors ?? []) total.errors.push({ ...e, index: e.index + offset });
      for (const r of out.results ?? []) total.results.push({ ...r, index: r.index + offset });
      total.run = out.run ?? total.run;
    };
    for (let i = 0; i < results.length; i += MAX_RESULTS_PER_REQUEST) await send(i, results.slice(i, i + MAX_RESULTS_PER_REQUEST));
    return total;
  }

  /**
   * Uploads one file as the raw request body.
   * @param {string} project
   * @param {string} resultId
   * @param {{ name: string, contentType: string, body: Buffer | Uint8Array }} file
   */
  uploadAttachment(project, resultId, file) {
    return this.request("POST", `${this.projectPath(project)}/results/${encodeURIComponent(resultId)}/attachments`, {
      body: file.body,
      contentType: file.contentType || "application/octet-stream",
      query: { name: file.name },
      timeoutMs: FILE_TIMEOUT_MS,
    });
  }

  /** Posts one JUnit XML document; answered like a results batch. */
  postJUnit(project, runId, xml) {
    return this.request("POST", `${this.projectPath(project)}/test-runs/${encodeURIComponent(runId)}/junit`, {
      body: xml,
      contentType: "application/xml",
      timeoutMs: FILE_TIMEOUT_MS,
    });
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

/** `{error:{code,message,details}}` when the server sent it; the status line otherwise (a proxy's HTML page). */
function errorFromResponse(method, url, status, text) {
  const body = parseJson(text);
  const err = body && typeof body === "object" && body.error && typeof body.error === "object" ? body.error : null;
  const details = Array.isArray(err?.details) ? err.details : [];
  const fields = details.length ? ` (${details.map((d) => `${d.field}: ${d.message}`).join("; ")})` : "";
  const message = err?.message ? `${err.message}${fields}` : `HTTP ${status}`;
  return new ApiError(`${method} ${url.pathname} → ${status}: ${message}`, { status, code: err?.code, details });
}
