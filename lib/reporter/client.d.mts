export const MAX_RESULTS_PER_REQUEST: number;

export interface ApiErrorDetail {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(message: string, info: { status: number; code?: string; details?: ApiErrorDetail[]; cause?: unknown });
  /** HTTP status, or 0 when there was no answer. */
  status: number;
  code?: string;
  details: ApiErrorDetail[];
  readonly unreachable: boolean;
  readonly transient: boolean;
}

export function isRetryableStatus(status: number): boolean;
export function backoffDelay(attempt: number, opts?: { baseDelayMs?: number; maxDelayMs?: number; random?: () => number }): number;
export function parseRetryAfter(value: string | null | undefined, now?: number): number | undefined;

export interface ClientOptions {
  url: string;
  apiKey: string;
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface BatchOutcome {
  received: number;
  created: number;
  duplicates: number;
  casesCreated: number;
  errors: { index: number; field: string; message: string }[];
  results: { index: number; resultId: string; duplicate: boolean }[];
  run: { id: string; status: string } | null;
}

export interface RequestOptions {
  json?: unknown;
  body?: Buffer | Uint8Array | string;
  contentType?: string;
  query?: Record<string, string>;
  retries?: number;
  timeoutMs?: number;
}

export class QaStudioClient {
  constructor(options: ClientOptions);
  baseUrl: string;
  request(method: string, path: string, req?: RequestOptions): Promise<any>;
  createRun(project: string, input: Record<string, unknown>, opts?: RequestOptions): Promise<any>;
  getRun(project: string, runId: string, opts?: RequestOptions): Promise<any>;
  completeRun(project: string, runId: string, shard?: { current: number; total: number }): Promise<any>;
  postResults(project: string, runId: string, results: object[]): Promise<BatchOutcome>;
  uploadAttachment(project: string, resultId: string, file: { name: string; contentType: string; body: Buffer | Uint8Array }): Promise<any>;
  postJUnit(project: string, runId: string, xml: Buffer | string): Promise<any>;
}
