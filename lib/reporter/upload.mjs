#!/usr/bin/env node
// `npm run upload -- <spool.json>` / `npx qa-studio-upload ...`: replays spool files written by the
// Playwright reporter, or uploads JUnit XML reports into a run. Plain JavaScript, no dependencies.
import { realpathSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { detectBuild, resolveBuild } from "./ci.mjs";
import { ApiError, QaStudioClient } from "./client.mjs";
import { runCountsText, runUrl } from "./delivery.mjs";
import { markSpoolUploaded, readSpool, replaySpool, SpoolError, spoolDocument, writeSpool } from "./spool.mjs";

const USAGE = `Usage:
  qa-studio-upload <spool.json>... [--force]
      Send what the Playwright reporter saved when QA Studio was unreachable. Safe to repeat: an
      interrupted upload resumes without counting anything twice, and a delivered file is marked
      as such and skipped (--force sends it again).
  qa-studio-upload --junit 'reports/*.xml' --project KEY --milestone NAME --environment NAME
                   [--run-name NAME] [--ci-build-id ID] [--build SHA] [--shard 1/2] [--keep-open]
      Create or join the run of this CI build, upload each JUnit XML file, then complete the run
      (or, with --shard, this shard of it; --keep-open leaves it open).
  qa-studio-upload gate --project KEY --milestone NAME [--environment NAME]
      Ask for the milestone's go/no-go verdict: exit 0 on GO, 1 on NO_GO (printing the reasons).

Options:
  --url URL            QA Studio's address (default: QA_STUDIO_URL; for a spool, the one it was meant for)
  --api-key KEY        API key (default: QA_STUDIO_API_KEY, which keeps it out of shell history)
  --build SHA          the build under test, recorded on the run (default: QA_STUDIO_BUILD, else
                       GITHUB_SHA, CI_COMMIT_SHA, CIRCLE_SHA1, GIT_COMMIT or BUILDKITE_COMMIT)
  --project, --milestone, --environment, --run-name, --ci-build-id, --build
                       for a spool: send to another project, milestone, environment or build instead
  -h, --help

Exit status: 0 when everything was stored (gate: GO), 1 when something was not (gate: NO_GO or
no answer), 2 for wrong usage.`;

const OPTIONS = {
  junit: { type: "string", multiple: true },
  project: { type: "string" },
  milestone: { type: "string" },
  environment: { type: "string" },
  "run-name": { type: "string" },
  "ci-build-id": { type: "string" },
  build: { type: "string" },
  shard: { type: "string" },
  "keep-open": { type: "boolean" },
  force: { type: "boolean" },
  url: { type: "string" },
  "api-key": { type: "string" },
  help: { type: "boolean", short: "h" },
};

class UsageError extends Error {}

/**
 * Sub-commands by name; the first positional argument picks one when it names it (a future
 * `gate` lives here), otherwise --junit or spool files decide.
 * @type {Record<string, (args: ParsedArgs, io: Io) => Promise<number>>}
 */
const COMMANDS = {
  spool: uploadSpools,
  junit: uploadJUnit,
  gate,
};

/**
 * @typedef {{ values: Record<string, any>, positionals: string[] }} ParsedArgs
 * @typedef {{ env: Record<string, string | undefined>, out: (s: string) => void, err: (s: string) => void, cwd: string }} Io
 */

/**
 * Runs the CLI and returns its exit status.
 * @param {string[]} argv  arguments after the script name
 * @param {Partial<Io>} [io]
 */
export async function main(argv, io = {}) {
  const ctx = {
    env: io.env ?? process.env,
    out: io.out ?? ((s) => process.stdout.write(`${s}\n`)),
    err: io.err ?? ((s) => process.stderr.write(`${s}\n`)),
    cwd: io.cwd ?? process.cwd(),
  };
  let args;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    ctx.err(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    ctx.out(USAGE);
    return 0;
  }
  let name = args.values.junit ? "junit" : "spool";
  if (args.positionals[0] in COMMANDS) name = args.positionals.shift();
  try {
    return await COMMANDS[name](args, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.err(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    ctx.err(err instanceof ApiError || err instanceof SpoolError ? err.message : (err?.stack ?? String(err)));
    return 1;
  }
}

function clientFor(values, env, fallbackUrl) {
  const url = values.url ?? env.QA_STUDIO_URL ?? fallbackUrl;
  const apiKey = values["api-key"] ?? env.QA_STUDIO_API_KEY;
  if (!url) throw new UsageError("Set QA_STUDIO_URL or pass --url.");
  if (!apiKey) throw new UsageError("Set QA_STUDIO_API_KEY or pass --api-key.");
  return { client: new QaStudioClient({ url, apiKey }), url: url.replace(/\/+$/, "") };
}

/** Replays each spool file; leftovers of a failed replay go to a new spool file beside it. */
async function uploadSpools({ values, positionals }, io) {
  if (!positionals.length) throw new UsageError("Name a spool file, or use --junit.");
  const overrides = Object.fromEntries(
    [
      ["project", values.project],
      ["milestone", values.milestone],
      ["environment", values.environment],
      ["name", values["run-name"]],
      ["ciBuildId", values["ci-build-id"]],
      ["build", values.build],
    ].filter(([, v]) => v !== undefined),
  );
  let status = 0;
  for (const file of positionals) {
    const full = path.resolve(io.cwd, file);
    const doc = await readSpool(full);
    if (doc.uploaded && !values.force) {
      io.out(`${file}: already delivered ${doc.uploaded.at} to ${doc.uploaded.url} (run ${doc.uploaded.runId}); nothing to do.`);
      continue;
    }
    const { client, url } = clientFor(values, io.env, doc.url);
    const { delivery, summary } = await replaySpool(doc, { client, overrides, warn: (m) => io.err(`${file}: ${m}`) });
    const s = summary.stats;
    const project = overrides.project ?? doc.project;
    io.out(
      `${file}: ${s.sent} results sent (${s.created} new, ${s.duplicates} already stored, ${s.rejected} rejected), ${s.attachments} attachments` +
        (summary.completed ? `, ${doc.complete?.shard ? `shard ${doc.complete.shard.current}/${doc.complete.shard.total}` : "run"} completed` : "") +
        (summary.run?.id ? ` · ${runUrl(url, project, summary.run.id)} (run ${summary.run.id})` : "") +
        (summary.run?.counts ? ` · ${runCountsText(summary.run)}` : ""),
    );
    for (const e of summary.itemErrors) io.err(`${file}: rejected ${e.testKey} (attempt ${e.attempt}) ${e.field}: ${e.message}`);
    if (summary.itemErrors.length) status = 1;
    else if (!summary.needsSpool && summary.run?.id) await markSpoolUploaded(full, doc, { runId: summary.run.id, url: runUrl(url, project, summary.run.id) });
    if (summary.needsSpool) {
      status = 1;
      const rest = await writeSpool(path.dirname(full), spoolDocument({ url, project, run: delivery.runInput }, delivery.leftovers()));
      io.err(`${file}: not everything was delivered (${summary.error?.message ?? "unknown error"}); the rest is in ${path.relative(io.cwd, rest)}.`);
    }
  }
  return status;
}

/** The CI gate: GO exits 0, NO_GO exits 1 with the reasons. The milestone is given by name (or id). */
async function gate({ values, positionals }, io) {
  if (positionals.length) throw new UsageError(`gate takes no file arguments (got ${positionals.join(" ")}).`);
  for (const flag of ["project", "milestone"]) if (!values[flag]) throw new UsageError(`--${flag} is required with gate.`);
  const { client } = clientFor(values, io.env);
  const base = client.projectPath(values.project);
  const found = await client.request("GET", `${base}/milestones`, { query: { q: values.milestone, limit: "200" } });
  const wanted = values.milestone.toLowerCase();
  const match = (found?.data ?? []).filter((m) => m.name.toLowerCase() === wanted);
  if (match.length > 1) throw new UsageError(`${match.length} milestones are named "${values.milestone}"; pass the milestone's id.`);
  const milestoneId = match[0]?.id ?? values.milestone;
  const query = values.environment ? { environment: values.environment } : {};
  const g = await client.request("GET", `${base}/milestones/${encodeURIComponent(milestoneId)}/gate`, { query });
  const where = values.environment ? ` in ${values.environment}` : "";
  const rate = g.passRate === null ? "nothing executed" : `pass rate ${g.passRate.toFixed(1)}%`;
  if (g.verdict === "GO") {
    io.out(`GO: ${g.milestone.name}${where}, ${rate}.`);
    return 0;
  }
  io.err(`NO_GO: ${g.milestone.name}${where}, ${rate}.`);
  for (const r of g.reasons) io.err(`  - ${r.code}: ${r.message}`);
  return 1;
}

function parseShard(value) {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard must look like 1/3, not "${value}".`);
  return { current: Number(m[1]), total: Number(m[2]) };
}

/** Creates or joins the build's run, posts every file, then completes the run (or shard) if all went in. */
async function uploadJUnit({ values, positionals }, io) {
  for (const flag of ["project", "milestone", "environment"]) if (!values[flag]) throw new UsageError(`--${flag} is required with --junit.`);
  const shard = parseShard(values.shard);
  const patterns = [...values.junit, ...positionals];
  const files = [...new Set((await Promise.all(patterns.map((p) => expandGlob(p, io.cwd)))).flat())];
  if (!files.length) throw new UsageError(`No file matches ${patterns.map((p) => `'${p}'`).join(", ")}.`);
  const { client, url } = clientFor(values, io.env);
  const build = resolveBuild(io.env, values["ci-build-id"], "JUnit");
  const project = values.project;
  let run = await client.createRun(project, {
    name: values["run-name"] ?? build.runName,
    description: build.description,
    milestone: values.milestone,
    environment: values.environment,
    kind: "AUTOMATED",
    status: "IN_PROGRESS",
    ciBuildId: build.ciBuildId,
    ...(detectBuild(io.env, values.build) ? { build: detectBuild(io.env, values.build) } : {}),
    ...(shard ? { shard } : {}),
  });
  if (run.status === "ABORTED" || (run.status === "COMPLETED" && run.completionReason !== "TIMEOUT")) {
    io.err(`Run ${run.id} of build ${build.ciBuildId} is already ${run.status} and takes no more results; pass another --ci-build-id.`);
    return 1;
  }
  let failed = 0;
  for (const file of files) {
    const rel = path.relative(io.cwd, file);
    try {
      const out = await client.postJUnit(project, run.id, await readFile(file));
      const rejected = out.errors?.length ?? 0;
      io.out(`${rel}: ${out.received} results (${out.created} new, ${out.duplicates} already stored, ${rejected} rejected)`);
      for (const e of (out.errors ?? []).slice(0, 20)) io.err(`${rel}: item ${e.index} ${e.field}: ${e.message}`);
      if (rejected) failed++;
    } catch (err) {
      failed++;
      io.err(`${rel}: ${err.message}`);
    }
  }
  if (failed) {
    io.err(`${failed} of ${files.length} files were not fully stored; the run stays open so they can be sent again.`);
  } else if (!values["keep-open"]) {
    run = await client.completeRun(project, run.id, shard);
  }
  if (!run.counts) run = await client.getRun(project, run.id).catch(() => run);
  io.out(`${runUrl(url, project, run.id)} (run ${run.id}, build ${build.ciBuildId})${run.counts ? ` · ${runCountsText(run)}` : ""}`);
  return failed ? 1 : 0;
}

const GLOB_CHARS = /[*?[]/;

/**
 * Files matching a pattern with `*`, `?`, `[...]` and `**` (Node 20 has no fs.glob). A pattern
 * without wildcards is taken as a file name (the shell may have expanded it already).
 * @param {string} pattern
 * @param {string} cwd
 */
export async function expandGlob(pattern, cwd) {
  const normalized = pattern.split(path.sep).join("/");
  if (!GLOB_CHARS.test(normalized)) return [path.resolve(cwd, pattern)];
  const absolute = path.isAbsolute(normalized);
  const segments = normalized.split("/").filter((s, i) => s !== "" || (i === 0 && absolute));
  const root = absolute ? "/" : cwd;
  const found = [];
  await walk(absolute ? root : cwd, absolute ? segments.slice(1) : segments, found);
  return found.sort();
}

async function walk(dir, segments, found) {
  if (!segments.length) return;
  const [head, ...rest] = segments;
  if (head === "**") {
    await walk(dir, rest, found);
    for (const entry of await entries(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") await walk(path.join(dir, entry.name), segments, found);
    }
    return;
  }
  if (!GLOB_CHARS.test(head)) {
    const next = path.join(dir, head);
    if (!rest.length) {
      if (await isFile(next)) found.push(next);
    } else await walk(next, rest, found);
    return;
  }
  const re = segmentRegExp(head);
  for (const entry of await entries(dir)) {
    if (!re.test(entry.name)) continue;
    const next = path.join(dir, entry.name);
    if (!rest.length) {
      if (entry.isFile()) found.push(next);
    } else if (entry.isDirectory()) await walk(next, rest, found);
  }
}

async function entries(dir) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

function segmentRegExp(segment) {
  let re = "";
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const end = segment.indexOf("]", i + 1);
      if (end === -1) re += "\\[";
      else {
        re += `[${segment.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

// Run as a program (also through npm's bin symlink), not when imported by tests.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
