#!/usr/bin/env node
// Starts the built app for Playwright on a fresh database: a new PGlite directory, or a new
// database on the server in DATABASE_URL. Both are removed when the server stops.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "qa-studio-e2e-"));
const env = { ...process.env, QA_STUDIO_DATA_DIR: dataDir };
let cleanup = async () => rmSync(dataDir, { recursive: true, force: true });

if (process.env.DATABASE_URL) {
  const base = process.env.DATABASE_URL;
  const name = `qa_e2e_${process.pid}_${Date.now()}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  // Production mode requires the key; embedded mode generates one in the data directory.
  env.QA_STUDIO_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  const removeDir = cleanup;
  cleanup = async () => {
    await removeDir();
    const a = postgres(base, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await a.end();
  };
}

// The production artefact, started as the Docker image starts it.
const server = spawn(process.execPath, [path.join(import.meta.dirname, "serve.mjs")], {
  env: { ...env, PORT: env.PORT || "3100" },
  stdio: "inherit",
});
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
server.on("exit", async (code) => {
  await cleanup();
  process.exit(code ?? 0);
});
