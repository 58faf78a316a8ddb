#!/usr/bin/env node
// Serves the production build: Next.js's standalone server (`output: "standalone"`), the same
// files the Docker image copies, started the same way (the image's CMD runs this script too).
//
// From a checkout it serves .next/standalone after `next build`; in the image, where this script
// sits next to server.js's directory, it serves that. Before handing over it
//   - copies the static assets next to the server, as the standalone server expects them
//     (the image copies them at build time, so there is nothing to do there);
//   - makes QA_STUDIO_DATA_DIR and QA_STUDIO_FILES_DIR absolute, because the standalone server
//     changes its working directory to its own folder;
//   - listens on every interface, or on QA_STUDIO_HOSTNAME (not HOSTNAME: a container sets that
//     to its own id).
import { spawn } from "node:child_process";
import { closeSync, cpSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const candidates = [path.resolve(here, ".."), path.resolve(here, "..", ".next", "standalone")];
const root = candidates.find((dir) => existsSync(path.join(dir, "server.js")));
if (!root) {
  console.error("No standalone build found: run `npm run build` (next build) first.");
  process.exit(1);
}
const project = path.resolve(here, "..");
const staticFrom = path.join(project, ".next", "static");
const staticTo = path.join(root, ".next", "static");
if (root !== project && existsSync(staticFrom)) copyStaticOnce();

/**
 * Copies the static assets once per build, however many servers start at once from one
 * checkout (two instances side by side): the first takes a lock file and copies, the others wait
 * for the marker it leaves for this build id. Copying the same files from two processes at once
 * fails (one removes a file the other is about to chmod).
 */
function copyStaticOnce() {
  const buildId = readFileSync(path.join(project, ".next", "BUILD_ID"), "utf8").trim();
  const marker = path.join(staticTo, `.copied-${buildId}`);
  const lock = `${staticTo}.lock`;
  const deadline = Date.now() + 60_000;
  while (!existsSync(marker)) {
    let fd;
    try {
      fd = openSync(lock, "wx");
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      // A lock older than a minute belongs to a server that died while copying.
      if (Date.now() > deadline) rmSync(lock, { force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      continue;
    }
    try {
      if (!existsSync(marker)) {
        cpSync(staticFrom, staticTo, { recursive: true });
        writeFileSync(marker, "");
      }
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}

const env = { ...process.env };
for (const name of ["QA_STUDIO_DATA_DIR", "QA_STUDIO_FILES_DIR"]) {
  if (env[name] && env[name] !== ":memory:") env[name] = path.resolve(env[name]);
}
env.QA_STUDIO_DATA_DIR ||= path.resolve("data");
env.HOSTNAME = process.env.QA_STUDIO_HOSTNAME || "0.0.0.0";
env.NODE_ENV = "production";

const server = spawn(process.execPath, [path.join(root, "server.js")], { env, stdio: "inherit" });
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.kill(signal);
  });
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
