import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import postgres from "postgres";
import { closeDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

/**
 * Every test file gets its own database: a fresh in-memory PGlite by default, or a fresh
 * database on the server named by DATABASE_URL. Tests never share or truncate tables.
 */
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.QA_STUDIO_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
// Uploaded files go to a throwaway directory, never ./data.
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "qa-test-files-"));
process.env.QA_STUDIO_FILES_DIR = filesDir;
const baseUrl = process.env.DATABASE_URL;
let dropDatabase: (() => Promise<void>) | undefined;

if (baseUrl) {
  const name = `qa_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${name} with (force)`);
    await a.end();
  };
} else {
  process.env.QA_STUDIO_DATA_DIR = ":memory:";
}

await migrateDatabase();

afterAll(async () => {
  await closeDb();
  await dropDatabase?.();
  fs.rmSync(filesDir, { recursive: true, force: true });
  if (baseUrl) process.env.DATABASE_URL = baseUrl;
});
