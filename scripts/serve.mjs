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
import { cpSync, existsSync } from "node:fs";
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
if (root !== project && existsSync(staticFrom)) cpSync(staticFrom, staticTo, { recursive: true });

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
