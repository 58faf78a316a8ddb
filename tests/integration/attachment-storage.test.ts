import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConnection, getDb } from "@/db/client";
import { attachments, projects, results, storageDeletions, testRuns } from "@/db/schema";
import { STORAGE_QUEUES, startStorageCleanup } from "@/lib/attachments/cleanup-jobs";
import { drainStorageDeletions } from "@/lib/attachments/drain-storage-deletions";
import { S3Storage } from "@/lib/attachments/s3-storage";
import { attachmentStorage, DiskStorage, type AttachmentStorage } from "@/lib/attachments/storage";
import { sweepStorage } from "@/lib/attachments/sweep-storage";
import { S3_VARIABLES } from "@/lib/env";
import { startNotifier } from "@/lib/notify/notifier";
import { chunked, png, sendAttachmentRequest as send, sha256 } from "../helpers/attachment-client";
import { createRunSetup } from "../helpers/factories";
import { startTestS3, type TestS3 } from "../helpers/s3-server";

const MB = 1024 * 1024;

type Backend = {
  name: "disk" | "s3";
  /** Every object or file the backend holds, temporary and partial ones included. */
  everything: () => Promise<string[]>;
};

let s3: TestS3;
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "qa-storage-test-"));

beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  for (const name of S3_VARIABLES) delete process.env[name];
  await s3.stop();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const BACKENDS: Backend[] = [
  {
    name: "disk",
    everything: async () =>
      fs
        .readdirSync(filesDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(filesDir, path.join(e.parentPath, e.name)))
        .sort(),
  },
  { name: "s3", everything: () => s3.keys() },
];

/** Keys the storage lists (what the sweep sees). */
async function listed(storage: AttachmentStorage = attachmentStorage()): Promise<string[]> {
  const keys: string[] = [];
  for await (const file of storage.list()) keys.push(file.key);
  return keys.sort();
}

async function outbox(): Promise<string[]> {
  return (await getDb().select({ key: storageDeletions.storageKey }).from(storageDeletions)).map((r) => r.key).sort();
}

async function storageKeyOf(attachmentId: string): Promise<string> {
  const [row] = await getDb().select({ key: attachments.storageKey }).from(attachments).where(eq(attachments.id, attachmentId));
  return row.key;
}

/** A project with a CI run of two results (two attachments each) and a running session with a note holding one. */
async function world() {
  const s = await createRunSetup();
  const runs = `${s.base}/test-runs`;
  const ciRun = (await s.owner.api.post(runs, { name: "CI", milestoneId: s.milestone.id, environmentId: s.environment.id, kind: "AUTOMATED" })).body;
  const batch = await s.owner.api.post(`${runs}/${ciRun.id}/results`, {
    results: [
      { testKey: "a.spec.ts › one", status: "failed" },
      { testKey: "a.spec.ts › two", status: "passed" },
    ],
  });
  const resultIds: string[] = batch.body.results.map((r: { resultId: string }) => r.resultId);
  const upload = async (url: string, size: number) => {
    const res = await send("POST", url, { key: s.owner.key, contentType: "image/png", body: png(size) });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; url: string };
  };
  const resultFiles = [];
  for (const resultId of resultIds) {
    resultFiles.push(await upload(`${s.base}/results/${resultId}/attachments`, 2000), await upload(`${s.base}/results/${resultId}/attachments`, 3000));
  }
  const session = (
    await s.owner.api.post(runs, { name: "Explore", milestoneId: s.milestone.id, environmentId: s.environment.id, kind: "EXPLORATORY", charter: "Checkout", status: "IN_PROGRESS" })
  ).body;
  const note = (await s.owner.api.post(`${runs}/${session.id}/notes`, { kind: "BUG", body: "Broken image" })).body;
  const noteFile = await upload(`${runs}/${session.id}/notes/${note.id}/attachments`, 1500);
  return { ...s, runs, ciRun, resultIds, resultFiles, session, note, noteFile };
}

describe.each(BACKENDS)("attachment storage on $name", (backend) => {
  beforeEach(async () => {
    delete process.env.QA_STUDIO_MAX_ATTACHMENT_MB;
    for (const name of S3_VARIABLES) delete process.env[name];
    if (backend.name === "s3") Object.assign(process.env, s3.env);
    process.env.QA_STUDIO_FILES_DIR = filesDir;
    // Each test starts from an empty store and outbox.
    for (const key of await listed()) await attachmentStorage().delete(key);
    await getDb().delete(storageDeletions);
  });

  it("is the configured implementation", () => {
    expect(attachmentStorage()).toBeInstanceOf(backend.name === "s3" ? S3Storage : DiskStorage);
  });

  it("uploads in a stream (multipart above 5 MB), downloads whole and by range, and deletes", async () => {
    const { owner, base, resultIds } = await world();
    process.env.QA_STUDIO_MAX_ATTACHMENT_MB = "12";
    const bytes = png(Math.round(11.5 * MB));
    const res = await send("POST", `${base}/results/${resultIds[0]}/attachments?name=video.png`, { key: owner.key, contentType: "image/png", body: chunked(bytes, 256 * 1024) });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ sizeBytes: bytes.length, sha256: sha256(bytes) });
    expect(await listed()).toContain(await storageKeyOf(created.id));

    const whole = await send("GET", created.url, { key: owner.key });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-length")).toBe(String(bytes.length));
    expect(whole.headers.get("etag")).toBe(`"${sha256(bytes)}"`);
    expect(whole.headers.get("content-disposition")).toMatch(/^inline; filename="video.png"/);
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(bytes));

    const start = 5 * MB - 10;
    const part = await send("GET", created.url, { key: owner.key, headers: { range: `bytes=${start}-${start + 99}` } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes ${start}-${start + 99}/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(start, start + 100))).toBe(true);
    const tail = await send("GET", created.url, { key: owner.key, headers: { range: "bytes=-7" } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 7))).toBe(true);

    const key = await storageKeyOf(created.id);
    expect((await send("DELETE", created.url, { key: owner.key })).status).toBe(204);
    expect(await listed()).not.toContain(key);
    expect(await outbox()).toEqual([]);
    expect((await send("GET", created.url, { key: owner.key })).status).toBe(404);
  });

  it("refuses an upload over the limit while it streams (413) and leaves nothing behind, also past the first part", async () => {
    const { owner, base, resultIds } = await world();
    const before = await backend.everything();
    process.env.QA_STUDIO_MAX_ATTACHMENT_MB = "6";
    const url = `${base}/results/${resultIds[0]}/attachments`;
    // No Content-Length: only counting the bytes as they arrive can stop it.
    const tooLarge = await send("POST", url, { key: owner.key, contentType: "image/png", body: chunked(png(7 * MB), 512 * 1024) });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.message).toMatch(/6 MB/);
    // A lying type is refused from its first bytes.
    const notPng = await send("POST", url, { key: owner.key, contentType: "image/png", body: chunked(Buffer.alloc(6 * MB, 0x41), 512 * 1024) });
    expect(notPng.status).toBe(415);
    expect(await backend.everything()).toEqual(before);
    const rows = await getDb().select().from(attachments).where(eq(attachments.resultId, resultIds[0]));
    expect(rows).toHaveLength(2);
  });

  it("deletes the bytes of a deleted note at once, and of cascaded deletes (result, run, project) through the outbox", async () => {
    const w = await world();
    const db = getDb();
    const all = [...w.resultFiles, w.noteFile];
    const keys = await Promise.all(all.map((f) => storageKeyOf(f.id)));
    expect(await listed()).toEqual([...keys].sort());

    // A note deleted through the API: its file goes right after commit.
    expect((await w.owner.api.delete(`${w.runs}/${w.session.id}/notes/${w.note.id}`)).status).toBe(204);
    expect(await listed()).not.toContain(keys[4]);
    expect(await outbox()).toEqual([]);

    // A result deleted by any means: the cascade queues its attachments' keys in the same transaction.
    await db.delete(results).where(eq(results.id, w.resultIds[0]));
    expect(await outbox()).toEqual([keys[0], keys[1]].sort());
    expect(await listed()).toEqual(expect.arrayContaining([keys[0], keys[1]]));
    expect(await drainStorageDeletions(db)).toEqual({ deleted: 2, kept: 0, failed: 0 });
    expect(await listed()).toEqual([keys[2], keys[3]].sort());
    expect(await outbox()).toEqual([]);

    // A run, then the whole project: nothing is left in the store.
    await db.transaction(async (tx) => {
      await tx.delete(testRuns).where(eq(testRuns.id, w.ciRun.id));
      await tx.delete(projects).where(eq(projects.id, w.project.id));
    });
    expect(await outbox()).toEqual([keys[2], keys[3]].sort());
    await drainStorageDeletions(db);
    expect(await listed()).toEqual([]);
    expect(await outbox()).toEqual([]);
    expect(await backend.everything()).toEqual([]);

    // A delete rolled back queues nothing.
    const again = await world();
    const kept = await storageKeyOf(again.resultFiles[0].id);
    await expect(
      db.transaction(async (tx) => {
        await tx.delete(testRuns).where(eq(testRuns.projectId, again.project.id));
        await tx.delete(projects).where(eq(projects.id, again.project.id));
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await outbox()).toEqual([]);
    expect(await listed()).toContain(kept);
  });

  it("keeps a queued delete that failed, with its error, and retries it later; a key referenced again only leaves the queue", async () => {
    const w = await world();
    const db = getDb();
    const real = attachmentStorage();
    const failing: AttachmentStorage = {
      put: (body, options) => real.put(body, options),
      get: (key, range) => real.get(key, range),
      list: () => real.list(),
      removeInterruptedUploads: (olderThan) => real.removeInterruptedUploads(olderThan),
      delete: async () => {
        throw new Error("store unreachable");
      },
    };
    const key = await storageKeyOf(w.resultFiles[2].id);
    await db.delete(results).where(eq(results.id, w.resultIds[1]));
    expect(await drainStorageDeletions(db, { storage: failing })).toEqual({ deleted: 0, kept: 0, failed: 2 });
    const [row] = await db.select().from(storageDeletions).where(eq(storageDeletions.storageKey, key));
    expect(row).toMatchObject({ attempts: 1, lastError: "store unreachable" });
    expect(row.dueAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Not due yet: a drain leaves it alone.
    expect(await drainStorageDeletions(db)).toEqual({ deleted: 0, kept: 0, failed: 0 });
    expect(await listed()).toContain(key);
    await db.update(storageDeletions).set({ dueAt: sql`now()` });
    expect(await drainStorageDeletions(db)).toEqual({ deleted: 2, kept: 0, failed: 0 });
    expect(await listed()).not.toContain(key);

    // A queued key that an attachment row references (a restored backup) keeps its bytes.
    const live = await storageKeyOf(w.resultFiles[0].id);
    await db.insert(storageDeletions).values({ storageKey: live });
    expect(await drainStorageDeletions(db)).toEqual({ deleted: 0, kept: 1, failed: 0 });
    expect(await listed()).toContain(live);
    expect(await outbox()).toEqual([]);
  });

  it("sweeps files without an attachment row once they are older than the grace period", async () => {
    const w = await world();
    const storage = attachmentStorage();
    const orphan = await storage.put(chunked(png(4000)), { maxBytes: MB });
    const referenced = await Promise.all(w.resultFiles.map((f) => storageKeyOf(f.id)));
    if (backend.name === "disk") {
      // What a crash in the middle of an upload leaves.
      fs.mkdirSync(path.join(filesDir, "tmp"), { recursive: true });
      const part = path.join(filesDir, "tmp", `${"ab".repeat(16)}.part`);
      fs.writeFileSync(part, "half an upload");
      const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
      fs.utimesSync(part, old, old);
    }
    // Young files are an upload in flight: never swept.
    // An interrupted upload two days old is removed.
    expect(await sweepStorage(getDb())).toEqual({ checked: 6, removed: 0, interruptedUploads: backend.name === "disk" ? 1 : 0 });
    expect(await listed()).toContain(orphan.key);

    const later = new Date(Date.now() + 25 * 3600 * 1000);
    const swept = await sweepStorage(getDb(), { now: later });
    expect(swept).toEqual({ checked: 6, removed: 1, interruptedUploads: 0 });
    const [noteKey] = [await storageKeyOf(w.noteFile.id)];
    expect(await listed()).toEqual([...referenced, noteKey].sort());
    expect(await backend.everything()).toEqual(
      backend.name === "disk" ? [...referenced, noteKey].map((k) => path.join(k.slice(0, 2), k)).sort() : [...referenced, noteKey].map((k) => `attachments/${k}`).sort(),
    );
  });
});

describe("the attachment-deletions job", () => {
  it("drains what a crashed instance left in the outbox when the job queue starts", async () => {
    for (const name of S3_VARIABLES) delete process.env[name];
    process.env.QA_STUDIO_FILES_DIR = filesDir;
    const w = await world();
    const db = getDb();
    const keys = await Promise.all([...w.resultFiles, w.noteFile].map((f) => storageKeyOf(f.id)));
    // The delete committed (its keys queued), then the process died before deleting any bytes.
    await db.transaction(async (tx) => {
      await tx.delete(testRuns).where(eq(testRuns.projectId, w.project.id));
      await tx.delete(projects).where(eq(projects.id, w.project.id));
    });
    expect(await outbox()).toEqual([...keys].sort());
    expect(await listed()).toEqual(expect.arrayContaining(keys));

    const conn = getConnection();
    const notifier = await startNotifier({
      db,
      connection: conn.kind === "pglite" ? { pglite: conn.client } : { connectionString: process.env.DATABASE_URL! },
      scanSeconds: 60,
      pollingSeconds: 0.5,
      schema: `pgboss_storage_${Date.now()}`,
      queues: STORAGE_QUEUES,
    });
    try {
      await startStorageCleanup({ boss: notifier.boss, db, pollingSeconds: 0.5 });
      const end = Date.now() + 30_000;
      while ((await outbox()).length) {
        if (Date.now() > end) throw new Error("the outbox was not drained");
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await listed()).filter((k) => keys.includes(k))).toEqual([]);
    } finally {
      await notifier.stop();
    }
  });
});
