import type { QaStudioClient } from "./client.mjs";
import type { Delivery, DeliverySummary, Leftovers } from "./delivery.mjs";

export const SPOOL_FORMAT: "qa-studio-spool";
export const SPOOL_VERSION: number;

export interface SpoolAttachment {
  name: string;
  contentType: string;
  path?: string;
  bodyBase64?: string;
}

export interface SpoolDocument {
  format: "qa-studio-spool";
  version: number;
  createdAt: string;
  reason: string | null;
  url: string;
  project: string;
  run: Record<string, any>;
  runId: string | null;
  complete: { shard?: { current: number; total: number } } | null;
  items: { result: Record<string, any>; attachments: SpoolAttachment[] }[];
  attachments: ({ resultId: string } & SpoolAttachment)[];
  /** Set once the upload CLI delivered everything. */
  uploaded?: { at: string; runId: string; url: string };
}

export function spoolDocument(target: { url: string; project: string; run: Record<string, any> }, leftovers: Leftovers): SpoolDocument;
export function writeSpool(dir: string, doc: SpoolDocument): Promise<string>;
export function markSpoolUploaded(file: string, doc: SpoolDocument, info: { runId: string; url: string }): Promise<void>;
export function readSpool(file: string): Promise<SpoolDocument>;
export class SpoolError extends Error {}
export function replaySpool(
  doc: SpoolDocument,
  o: { client: QaStudioClient; overrides?: Record<string, any>; warn?: (m: string) => void; batchSize?: number },
): Promise<{ delivery: Delivery; summary: DeliverySummary }>;
