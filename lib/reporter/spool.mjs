// A spool file holds what a reporter could not deliver, with everything needed to replay it:
// the run to create or join, the results (with their idempotency keys, so a replay never counts
// twice), their attachments, and the completion still owed. It never holds the API key.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { Delivery } from "./delivery.mjs";

export const SPOOL_FORMAT = "qa-studio-spool";
export const SPOOL_VERSION = 1;

const encodeAttachment = (a) => {
  const out = { name: a.name, contentType: a.contentType };
  if (a.body) out.bodyBase64 = Buffer.from(a.body).toString("base64");
  else if (a.path) out.path = path.resolve(a.path);
  return out;
};

const decodeAttachment = (a) => ({
  name: a.name,
  contentType: a.contentType,
  ...(a.bodyBase64 != null ? { body: Buffer.from(a.bodyBase64, "base64") } : { path: a.path }),
});

/**
 * The spool document for a delivery's leftovers.
 * @param {{ url: string, project: string, run: Record<string, any> }} target
 * @param {ReturnType<Delivery["leftovers"]>} leftovers
 */
export function spoolDocument(target, leftovers) {
  return {
    format: SPOOL_FORMAT,
    version: SPOOL_VERSION,
    createdAt: new Date().toISOString(),
    reason: leftovers.reason,
    url: target.url,
    project: target.project,
    run: target.run,
    runId: leftovers.runId,
    complete: leftovers.complete,
    items: leftovers.items.map((i) => ({ result: i.result, attachments: i.attachments.map(encodeAttachment) })),
    attachments: leftovers.attachments.map((a) => ({ resultId: a.resultId, ...encodeAttachment(a.attachment) })),
  };
}

/**
 * Writes the document to a new file in `dir` (created if missing) and returns its path.
 * @param {string} dir
 * @param {ReturnType<typeof spoolDocument>} doc
 */
export async function writeSpool(dir, doc) {
  await mkdir(dir, { recursive: true });
  const build = String(doc.run?.ciBuildId ?? "run").replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
  const shard = doc.run?.shard ? `-shard-${doc.run.shard.current}-of-${doc.run.shard.total}` : "";
  const stamp = doc.createdAt.replace(/[-:.]/g, "");
  const file = path.join(dir, `qa-studio-${build}${shard}-${stamp}.json`);
  // Written aside and renamed, so an interrupted write never leaves a half file to replay.
  await writeFile(`${file}.tmp`, JSON.stringify(doc, null, 1));
  await rename(`${file}.tmp`, file);
  return file;
}

/**
 * Records in the file that it was delivered, so replaying it again is a no-op rather than a 409
 * from the run its first replay completed.
 * @param {string} file
 * @param {ReturnType<typeof spoolDocument>} doc
 * @param {{ runId: string, url: string }} info
 */
export async function markSpoolUploaded(file, doc, info) {
  const marked = { ...doc, uploaded: { at: new Date().toISOString(), ...info } };
  await writeFile(`${file}.tmp`, JSON.stringify(marked, null, 1));
  await rename(`${file}.tmp`, file);
}

/** Reads and checks a spool file. */
export async function readSpool(file) {
  let doc;
  try {
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new SpoolError(err.code === "ENOENT" ? `${file} does not exist.` : `${file} cannot be read: ${err.message}`);
  }
  if (doc?.format !== SPOOL_FORMAT || typeof doc.version !== "number") throw new SpoolError(`${file} is not a QA Studio spool file.`);
  if (doc.version > SPOOL_VERSION) throw new SpoolError(`${file} was written by a newer reporter (spool version ${doc.version}); update qa-studio.`);
  return doc;
}

export class SpoolError extends Error {
  constructor(message) {
    super(message);
    this.name = "SpoolError";
  }
}

/**
 * Replays a spool: joins the run (by its ciBuildId), sends the results, uploads the attachments and
 * completes what the spool owes. Sending the same spool twice stores nothing twice.
 * @param {ReturnType<typeof spoolDocument>} doc
 * @param {{ client: import("./client.mjs").QaStudioClient, overrides?: Record<string, any>, warn?: (m: string) => void, batchSize?: number }} o
 */
export async function replaySpool(doc, { client, overrides = {}, warn, batchSize = 1000 }) {
  const { project: projectOverride, ...runOverrides } = overrides;
  const delivery = new Delivery({
    client,
    project: projectOverride ?? doc.project,
    run: { ...doc.run, ...runOverrides },
    batchSize,
    intervalMs: null,
    warn,
  });
  delivery.start();
  for (const item of doc.items ?? []) delivery.add(item.result, (item.attachments ?? []).map(decodeAttachment));
  for (const a of doc.attachments ?? []) delivery.addAttachment(a.resultId, decodeAttachment(a));
  const summary = await delivery.finish({ complete: doc.complete ?? null });
  return { delivery, summary };
}
