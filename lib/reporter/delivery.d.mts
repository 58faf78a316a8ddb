import type { ApiError, QaStudioClient } from "./client.mjs";

export const MAX_ATTACHMENT_BYTES: number;

export interface Attachment {
  name: string;
  contentType: string;
  path?: string;
  body?: Buffer;
}

export interface DeliveryItem {
  result: Record<string, any>;
  attachments: Attachment[];
}

export interface DeliveryStats {
  sent: number;
  created: number;
  duplicates: number;
  casesCreated: number;
  rejected: number;
  attachments: number;
  attachmentsFailed: number;
}

export interface DeliverySummary {
  run: any;
  stats: DeliveryStats;
  itemErrors: { testKey: string; attempt: number; field: string; message: string }[];
  undelivered: number;
  completed: boolean;
  error: ApiError | Error | null;
  needsSpool: boolean;
}

export interface Leftovers {
  runId: string | null;
  items: DeliveryItem[];
  attachments: { resultId: string; attachment: Attachment }[];
  complete: { shard?: { current: number; total: number } } | null;
  reason: string | null;
}

export function runUrl(url: string, project: string, runId?: string): string;
export function countsText(total: number, counts: Record<string, number>, keys?: string[]): string;
export function runCountsText(run: { status: string; counts: Record<string, number> }): string;

export class Delivery {
  constructor(o: {
    client: QaStudioClient;
    project: string;
    run: Record<string, any>;
    batchSize?: number;
    intervalMs?: number | null;
    uploadAttachments?: boolean;
    warn?: (message: string) => void;
    /** Called with each batch's results before they are sent; it may change them (the reporter marks quarantined tests). */
    beforeSend?: (results: Record<string, any>[]) => Promise<void> | void;
  });
  runInput: Record<string, any>;
  queue: DeliveryItem[];
  stats: DeliveryStats;
  completeError: ApiError | Error | null;
  start(): Promise<any>;
  add(result: Record<string, any>, attachments?: Attachment[]): void;
  addAttachment(resultId: string, attachment: Attachment): void;
  flushInBackground(): void;
  finish(o?: { complete?: { shard?: { current: number; total: number } } | null; timeoutMs?: number }): Promise<DeliverySummary>;
  readonly needsSpool: boolean;
  summary(): DeliverySummary;
  leftovers(): Leftovers;
}
