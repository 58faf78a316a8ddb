#!/usr/bin/env node
// `npm start`: build once if there is no production build, then serve it (scripts/serve.mjs runs
// the standalone server, exactly as the Docker image does).
// The server itself migrates the database, creates the admin and seeds the demo at start-up.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");

if (!existsSync(".next/standalone/server.js")) {
  console.log("No production build yet: running `next build` once (this takes a minute or two)...");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ["scripts/serve.mjs"], { stdio: "inherit", env: { ...process.env, PORT: process.env.PORT || "3000" } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
