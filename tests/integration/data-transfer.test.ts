import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection, getDb, type Db } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import * as schema from "@/db/schema";
import { seedDemo } from "@/db/seed";
import * as attachmentRoute from "@/app/api/projects/[projectId]/attachments/[attachmentId]/route";
import { DiskStorage } from "@/lib/attachments/storage";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { dataTables, quoteIdent } from "@/lib/data-transfer/catalog";
import { exportData, type TransferSummary } from "@/lib/data-transfer/export-data";
import { DataTransferError } from "@/lib/data-transfer/format";
import { importData } from "@/lib/data-transfer/import-data";
import { configuredEncryptionKey } from "@/lib/data-transfer/key-check";
import { setTextFormat } from "@/lib/data-transfer/session";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { createUser } from "../helpers/factories";

/**
 * The move from the embedded database: the demo plus an ingested run with attachments on a
 * PGlite source, exported, and imported into this file's database (PostgreSQL when DATABASE_URL
 * is set, else a second PGlite). Route handlers read the connection of the process, so the test
 * points it at the source while seeding and reading the source's answers.
 */
const CONNECTION = Symbol.for("qa-studio.db-connection");
const store = globalThis as unknown as Record<symbol, unknown>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "qa-data-transfer-"));
const sourceFiles = path.join(tmp, "source-files");
const targetFiles = path.join(tmp, "target-files");
const exportFile = path.join(tmp, "export.jsonl.gz");

let target: unknown;
let sourceClient: PGlite;
let sourceConnection: { kind: "pglite"; db: Db; client: PGlite; close: () => Promise<void> };

async function onSource<T>(fn: () => Promise<T>): Promise<T> {
  store[CONNECTION] = sourceConnection;
  process.env.QA_STUDIO_FILES_DIR = sourceFiles;
  try {
    return await fn();
  } finally {
    store[CONNECTION] = target;
    process.env.QA_STUDIO_FILES_DIR = targetFiles;
  }
}

/** Every table the Drizzle schema declares. */
const schemaTables = Object.values(schema)
  .filter((v) => is(v, PgTable))
  .map((t) => getTableName(t as PgTable))
  .sort();

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await dataTables(db)) {
    const [row] = rowsOf<{ n: string | number }>(await db.execute(sql.raw(`select count(*) as n from ${quoteIdent(t.name)}`)));
    counts[t.name] = Number(row.n);
  }
  return counts;
}

/** Every table's rows as text, in key order; storage keys left out (the import gives new ones). */
async function contents(db: Db): Promise<Record<string, string[]>> {
  return db.transaction(async (tx) => {
    await setTextFormat(tx);
    const out: Record<string, string[]> = {};
    for (const t of await dataTables(tx)) {
      const cols = t.columns.filter((c) => c.name !== "storage_key").map((c) => `${quoteIdent(c.name)}::text`);
      const order = (t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name)).map(quoteIdent).join(", ");
      const rows = rowsOf<{ r: string }>(await tx.execute(sql.raw(`select to_json(array[${cols.join(", ")}])::text as r from ${quoteIdent(t.name)} order by ${order}`)));
      out[t.name] = rows.map((r) => r.r);
    }
    return out;
  });
}

function storedFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

async function download(key: string, projectKey: string, attachmentId: string) {
  const res = await attachmentRoute.GET(
    new Request(`http://localhost:3000/api/projects/${projectKey}/attachments/${attachmentId}`, { headers: { authorization: `Bearer ${key}` } }),
    { params: Promise.resolve({ projectId: projectKey, attachmentId }) },
  );
  return {
    status: res.status,
    bytes: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get("content-type"),
    disposition: res.headers.get("content-disposition"),
  };
}

/** The summary without its one timing field. */
function withoutTiming(summary: Record<string, unknown>) {
  const { generatedAt, ...rest } = summary;
  expect(typeof generatedAt).toBe("string");
  return rest;
}

const png = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);
const importInto = (file: string, encryptionKey = configuredEncryptionKey()) =>
  importData({ db: getDb(), storage: new DiskStorage(targetFiles), file, encryptionKey });

type Seeded = {
  apiKey: string;
  milestoneId: string;
  uploads: { id: string; bytes: Buffer; type: string }[];
  summary: Record<string, unknown>;
  downloads: Awaited<ReturnType<typeof download>>[];
};
let seeded: Seeded;
let exported: TransferSummary;
let sourceCounts: Record<string, number>;
let sourceContents: Record<string, string[]>;

beforeAll(async () => {
  target = getConnection();
  process.env.QA_STUDIO_FILES_DIR = targetFiles;
  sourceClient = new PGlite();
  const db = drizzle(sourceClient, { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  sourceConnection = { kind: "pglite", db, client: sourceClient, close: () => sourceClient.close() };

  seeded = await onSource(async () => {
    const admin = await createUser({ isAdmin: true, name: "Admin" });
    const demo = await seedDemo(getDb(), { ownerId: admin.user.id, encryptSecret: (p) => encryptSecret(p) });
    expect(demo).not.toBeNull();
    const base = "/api/projects/DEMO";
    const api = admin.api;
    expect((await call("PUT", "/api/admin/jira", { key: admin.key, body: { baseUrl: "https://example.atlassian.net", email: "qa@example.com", apiToken: "jira-secret-token", issueType: "Bug" } })).status).toBe(200);
    expect((await call("PUT", `${base}/slack`, { key: admin.key, body: { channel: "#releases" } })).status).toBe(200);
    const milestone = (await api.get(`${base}/milestones?q=v2.4.0`)).body.data[0];
    const environment = (await api.get(`${base}/environments`)).body.data[0];
    // An ingested CI run with attachments on its results.
    const run = (await api.post(`${base}/test-runs`, { name: "CI nightly", milestoneId: milestone.id, environmentId: environment.id, kind: "AUTOMATED", ciBuildId: "build-77" })).body;
    const batch = await api.post(`${base}/test-runs/${run.id}/results`, {
      results: [
        { testKey: "checkout.spec.ts › pays by card", status: "failed", error: { message: "expected 200, got 500" } },
        { testKey: "checkout.spec.ts › shows the basket", status: "passed", durationMs: 1234 },
      ],
    });
    expect(batch.status).toBe(200);
    const uploads: Seeded["uploads"] = [];
    const upload = async (url: string, bytes: Buffer, type: string, name: string) => {
      const res = await call("POST", `${url}?name=${name}`, { key: admin.key, rawBody: new Uint8Array(bytes), headers: { "content-type": type } });
      expect(res.status).toBe(201);
      uploads.push({ id: res.body.id, bytes, type });
    };
    const failed = batch.body.results[0].resultId;
    await upload(`${base}/results/${failed}/attachments`, png(300_000), "image/png", "failure.png");
    await upload(`${base}/results/${failed}/attachments`, Buffer.from("step 1\nstep 2\n"), "text/plain", "log.txt");
    // An exploratory session's note with a file.
    const session = (await api.post(`${base}/test-runs`, { name: "Explore refunds", milestoneId: milestone.id, environmentId: environment.id, kind: "EXPLORATORY", charter: "Refunds" })).body;
    expect((await api.patch(`${base}/test-runs/${session.id}`, { status: "IN_PROGRESS" })).status).toBe(200);
    const note = (await api.post(`${base}/test-runs/${session.id}/notes`, { kind: "BUG", body: "Refund twice" })).body;
    await upload(`${base}/test-runs/${session.id}/notes/${note.id}/attachments`, png(5_000), "image/png", "refund.png");

    const summary = (await api.get(`${base}/milestones/${milestone.id}/summary`)).body;
    const downloads = [];
    for (const u of uploads) downloads.push(await download(admin.key, "DEMO", u.id));
    return { apiKey: admin.key, milestoneId: milestone.id, uploads, summary, downloads };
  });
  sourceCounts = await rowCounts(sourceConnection.db);
  sourceContents = await contents(sourceConnection.db);
  exported = await exportData({ db: sourceConnection.db, storage: new DiskStorage(sourceFiles), file: exportFile, encryptionKey: configuredEncryptionKey() });
});

afterAll(async () => {
  store[CONNECTION] = target;
  await sourceClient?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("data export and import", () => {
  it("exports every table of the schema and every attachment", () => {
    expect(Object.keys(exported.tables).sort()).toEqual(schemaTables);
    expect(exported.tables).toEqual(sourceCounts);
    for (const t of ["users", "api_keys", "projects", "test_cases", "test_runs", "results", "attachments", "exploratory_notes", "audit_log", "jira_settings", "slack_settings", "authenticator_tokens", "app_state"]) {
      expect(exported.tables[t], t).toBeGreaterThan(0);
    }
    expect(exported).toMatchObject({ files: 3, missingFiles: 0, encryptedSecrets: 2, fileBytes: seeded.uploads.reduce((n, u) => n + u.bytes.length, 0) });
  });

  it("refuses a file that is not an export, and one that is truncated or damaged, writing nothing", async () => {
    const bytes = fs.readFileSync(exportFile);
    const lines = zlib.gunzipSync(bytes).toString("utf8").trimEnd().split("\n");
    const cases: [string, Buffer, RegExp][] = [
      ["plain.txt", Buffer.from("hello\n"), /is not a QA Studio export \(it is not gzip-compressed\)/],
      ["foreign.gz", zlib.gzipSync('{"t":"header","format":"other"}\n'), /is not a QA Studio export/],
      // Cut inside the attachments, after the tables were loaded and files stored.
      ["truncated.gz", bytes.subarray(0, Math.floor(bytes.length * 0.8)), /is truncated/],
      // A complete gzip stream whose lines stop before the end record: after every file was stored.
      ["short.gz", zlib.gzipSync(lines.slice(0, -1).join("\n") + "\n"), /is truncated: it ends before the export's last record/],
      ["trailing.gz", zlib.gzipSync([...lines, lines[1]].join("\n") + "\n"), /is damaged: there is data after the export's last record/],
      ["damaged.gz", Buffer.concat([bytes.subarray(0, bytes.length - 6), Buffer.from([bytes[bytes.length - 6] ^ 0xff]), bytes.subarray(bytes.length - 5)]), /is damaged/],
      ["recounted.gz", zlib.gzipSync(zlib.gunzipSync(bytes).toString("utf8").replace(/"t":"tableEnd","name":"users","rows":(\d+)/, (_, n) => `"t":"tableEnd","name":"users","rows":${Number(n) + 1}`)), /is damaged: table users has \d+ rows, its end says/],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, content);
      const err = await importInto(file).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(DataTransferError);
      expect((err as Error).message, name).toMatch(message);
      expect(Object.values(await rowCounts(getDb())).every((n) => n === 0), name).toBe(true);
      expect(storedFiles(targetFiles), name).toEqual([]);
    }
  });

  it("refuses secrets encrypted under another key than the target's", async () => {
    const err = await importInto(exportFile, randomBytes(32)).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/encrypted under another key than this installation's QA_STUDIO_ENCRYPTION_KEY/);
    const none = await importInto(exportFile, null as never).catch((e: unknown) => e);
    expect((none as Error).message).toMatch(/has no encryption key yet/);
    expect(Object.values(await rowCounts(getDb())).every((n) => n === 0)).toBe(true);
  });

  it("imports into the empty target: same rows, same summary, same downloads", async () => {
    const imported = await importInto(exportFile);
    expect(imported).toEqual(exported);
    expect(await rowCounts(getDb())).toEqual(sourceCounts);
    // Ids, timestamps, hashes and ciphertexts exactly as exported (storage keys are new).
    expect(await contents(getDb())).toEqual(sourceContents);
    expect(storedFiles(targetFiles)).toHaveLength(3);
    const sourceKeys = rowsOf<{ k: string }>(await sourceConnection.db.execute(sql`select storage_key as k from attachments`)).map((r) => r.k);
    const targetKeys = rowsOf<{ k: string }>(await getDb().execute(sql`select storage_key as k from attachments`)).map((r) => r.k);
    expect(targetKeys.filter((k) => sourceKeys.includes(k))).toEqual([]);

    const summary = await call("GET", `/api/projects/DEMO/milestones/${seeded.milestoneId}/summary`, { key: seeded.apiKey });
    expect(summary.status).toBe(200);
    expect(withoutTiming(summary.body)).toEqual(withoutTiming(seeded.summary));
    for (const [i, u] of seeded.uploads.entries()) {
      const got = await download(seeded.apiKey, "DEMO", u.id);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(u.bytes)).toBe(true);
      expect(got).toEqual(seeded.downloads[i]);
    }
    // The stored secrets decrypt on the target: the demo's authenticator code is served.
    const tokens = (await call("GET", "/api/projects/DEMO/authenticator-tokens", { key: seeded.apiKey })).body.data;
    expect((await call("GET", `/api/projects/DEMO/authenticator-tokens/${tokens[0].id}/code`, { key: seeded.apiKey })).status).toBe(200);
  });

  it("refuses a target that is not empty, writing nothing", async () => {
    const before = await rowCounts(getDb());
    const err = await importInto(exportFile).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTransferError);
    expect((err as Error).message).toMatch(/The target database is not empty \(rows in .*users.*\); an import only restores into an empty database/);
    expect(await rowCounts(getDb())).toEqual(before);
    expect(storedFiles(targetFiles)).toHaveLength(3);
  });

  it("refuses to overwrite an existing file, and a file it cannot create", async () => {
    const exportTo = (file: string) => exportData({ db: sourceConnection.db, storage: new DiskStorage(sourceFiles), file, encryptionKey: null });
    await expect(exportTo(exportFile)).rejects.toThrow(/already exists/);
    await expect(exportTo(path.join(tmp, "no-such-dir", "export.jsonl.gz"))).rejects.toThrow(/Cannot write .*no-such-dir/);
  });
});

describe("tables the tool was not written for", () => {
  it("restores identity columns, self-references in any order and trigger-maintained values; sequences continue after them", async () => {
    const open = async () => {
      const client = new PGlite();
      const db = drizzle(client, { schema }) as unknown as Db;
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
      // As a later migration might add: an identity key, a self-reference, a trigger that stamps rows.
      await client.exec(`
        create table probe_items (id integer generated always as identity primary key, parent_id integer references probe_items(id), label text not null, stamped_at timestamptz);
        create function probe_stamp() returns trigger language plpgsql as $$ begin new.stamped_at := now(); return new; end $$;
        create trigger probe_items_stamp before insert on probe_items for each row execute function probe_stamp();`);
      return { client, db };
    };
    const source = await open();
    const target = await open();
    try {
      await source.client.exec(`
        insert into probe_items (label) values ('a'), ('b'), ('c');
        update probe_items set parent_id = 3 where id = 1;
        update probe_items set parent_id = 1 where id = 3;
        update probe_items set stamped_at = '2001-02-03 04:05:06.789012+00' where id = 2;`);
      const file = path.join(tmp, "probe.jsonl.gz");
      const storage = new DiskStorage(path.join(tmp, "probe-files"));
      await exportData({ db: source.db, storage, file, encryptionKey: null });
      const summary = await importData({ db: target.db, storage, file, encryptionKey: null });
      expect(summary.tables.probe_items).toBe(3);
      expect(await contents(target.db)).toEqual(await contents(source.db));
      await target.client.exec("insert into probe_items (label) values ('d')");
      const d = (await target.client.query<{ id: number; stamped_at: Date | null }>("select id, stamped_at from probe_items where label = 'd'")).rows[0];
      expect(d.id).toBe(4);
      expect(d.stamped_at).not.toBeNull();
    } finally {
      await source.client.close();
      await target.client.close();
    }
  });
});
