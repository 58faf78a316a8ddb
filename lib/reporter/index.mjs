// QA Studio's Playwright reporter: `reporter: [["qa-studio/reporter", { project: "ECOM", ... }]]`.
// Plain JavaScript on Node built-ins and global fetch, so a user's project needs no build step and
// no extra dependency. Options and behaviour: README, "Send results from CI".
import path from "node:path";
import { detectBuild, resolveBuild } from "./ci.mjs";
import { QaStudioClient } from "./client.mjs";
import { countsText, Delivery, runCountsText, runUrl } from "./delivery.mjs";
import { attachmentsToUpload, toApiResult } from "./playwright-result.mjs";
import { fetchQuarantine, QuarantineMarks } from "./quarantine.mjs";
import { spoolDocument, writeSpool } from "./spool.mjs";

const PREFIX = "[qa-studio]";

/**
 * Options with their defaults from the environment.
 * @param {import("./index.d.mts").QaStudioReporterOptions} options
 * @param {Record<string, string | undefined>} env
 */
export function resolveOptions(options = {}, env = process.env) {
  const pick = (value, name) => {
    const v = value ?? env[name];
    return typeof v === "string" ? v.trim() || undefined : v;
  };
  const build = resolveBuild(env, pick(options.ciBuildId, "QA_STUDIO_CI_BUILD_ID"), "Playwright");
  return {
    url: pick(options.url, "QA_STUDIO_URL")?.replace(/\/+$/, ""),
    apiKey: pick(options.apiKey, "QA_STUDIO_API_KEY"),
    project: pick(options.project, "QA_STUDIO_PROJECT"),
    milestone: pick(options.milestone, "QA_STUDIO_MILESTONE"),
    environment: pick(options.environment, "QA_STUDIO_ENVIRONMENT"),
    runName: pick(options.runName, "QA_STUDIO_RUN_NAME") ?? build.runName,
    description: build.description,
    ciBuildId: build.ciBuildId,
    build: detectBuild(env, typeof options.build === "string" ? options.build : undefined),
    failOnError: Boolean(options.failOnError),
    // Relative to the config's directory, as Playwright's own reporters place their output.
    spoolDir: path.resolve(options.configDir ?? process.cwd(), options.spoolDir ?? "qa-studio-spool"),
    uploadAttachments: options.uploadAttachments ?? true,
    batchSize: options.batchSize ?? 200,
    flushIntervalMs: options.flushIntervalMs ?? 2000,
    retries: options.retries,
    timeoutMs: options.timeoutMs ?? 120_000,
    quarantine: quarantineOption(pick(options.quarantine, "QA_STUDIO_QUARANTINE")),
  };
}

/** An option the reporter cannot work with; the constructor reports it as a problem. */
class OptionError extends Error {
  name = "OptionError";
}

/** "report" (the default): mark results of quarantined tests; "ignore": send them unmarked. */
function quarantineOption(value) {
  const v = value === undefined ? "report" : String(value).toLowerCase();
  if (v !== "report" && v !== "ignore") throw new OptionError(`quarantine must be "report" or "ignore", not "${value}"`);
  return v;
}

const REQUIRED = [
  ["url", "QA_STUDIO_URL"],
  ["apiKey", "QA_STUDIO_API_KEY"],
  ["project", "QA_STUDIO_PROJECT"],
  ["milestone", "QA_STUDIO_MILESTONE"],
  ["environment", "QA_STUDIO_ENVIRONMENT"],
];

export default class QaStudioReporter {
  /** @param {import("./index.d.mts").QaStudioReporterOptions} [options] */
  constructor(options = {}) {
    this.problems = [];
    this.tally = { tests: new Set(), attempts: 0 };
    // `playwright test --list` creates reporters too; listing tests must not create a run.
    this.listOnly = options._mode === "list";
    try {
      this.options = resolveOptions(options);
    } catch (err) {
      this.options = null;
      this.problem(`Invalid options: ${err.message}`);
    }
    this.delivery = null;
  }

  printsToStdio() {
    return false;
  }

  log(message) {
    process.stdout.write(`${PREFIX} ${message}\n`);
  }

  warn(message) {
    process.stderr.write(`${PREFIX} ${message}\n`);
  }

  /** A failure to deliver: printed, and with failOnError it fails the test run. */
  problem(message) {
    this.problems.push(message);
    this.warn(message);
  }

  /** @param {import("@playwright/test/reporter").FullConfig} config */
  onBegin(config) {
    try {
      const o = this.options;
      if (!o || this.listOnly) return;
      if (!o.url && !o.apiKey) {
        // Not configured here at all (a local run, or a fork's pull request without secrets): not an error.
        this.warn("QA_STUDIO_URL and QA_STUDIO_API_KEY are not set: not sending results.");
        return;
      }
      const missing = REQUIRED.filter(([key]) => !o[key]).map(([key, env]) => `${key} (or ${env})`);
      if (missing.length) {
        this.problem(`Not sending results: set ${missing.join(", ")}.`);
        return;
      }
      this.rootDir = config.rootDir;
      this.shard = config.shard ? { current: config.shard.current, total: config.shard.total } : null;
      // With several projects the same test runs once per project: each is tracked on its own.
      this.includeProject = (config.projects ?? []).filter((p) => p.name).length > 1;
      this.client = new QaStudioClient({ url: o.url, apiKey: o.apiKey, retries: o.retries });
      // Read once, while the first tests run; every batch waits for it before it is sent.
      this.quarantine = new QuarantineMarks(o.quarantine === "report" ? fetchQuarantine(this.client, o.project) : null, (m) => this.warn(m));
      this.run = {
        name: o.runName,
        description: o.description,
        milestone: o.milestone,
        environment: o.environment,
        kind: "AUTOMATED",
        status: "IN_PROGRESS",
        ciBuildId: o.ciBuildId,
        ...(o.build ? { build: o.build } : {}),
        ...(this.shard ? { shard: this.shard } : {}),
      };
      this.delivery = new Delivery({
        client: this.client,
        project: o.project,
        run: this.run,
        batchSize: o.batchSize,
        intervalMs: o.flushIntervalMs,
        uploadAttachments: o.uploadAttachments,
        // Attachment refusals and retried hiccups are warnings; what is lost or unsent is judged in onEnd.
        warn: (m) => this.warn(m),
        beforeSend: (results) => this.quarantine.mark(results),
      });
      this.delivery.start();
    } catch (err) {
      this.problem(`Reporter error in onBegin: ${err?.stack ?? err}`);
    }
  }

  /**
   * Every attempt is sent, including failed attempts before a passing retry (flaky tests).
   * @param {import("@playwright/test/reporter").TestCase} test
   * @param {import("@playwright/test/reporter").TestResult} result
   */
  onTestEnd(test, result) {
    try {
      this.tally.attempts++;
      this.tally.tests.add(test);
      if (!this.delivery) return;
      const opts = { rootDir: this.rootDir, includeProject: this.includeProject };
      this.delivery.add(toApiResult(test, result, opts), attachmentsToUpload(test, result));
    } catch (err) {
      this.problem(`Reporter error for "${test?.title}": ${err?.stack ?? err}`);
    }
  }

  /** Flushes, completes the shard (or the run), and prints one line; spools what could not be sent. */
  async onEnd() {
    try {
      if (!this.delivery) return this.verdict();
      const d = this.delivery;
      const summary = await d.finish({ complete: this.shard ? { shard: this.shard } : {}, timeoutMs: this.options.timeoutMs });
      this.printSummary(summary);
      if (summary.itemErrors.length) {
        const shown = summary.itemErrors.slice(0, 5).map((e) => `${e.testKey} (attempt ${e.attempt}) ${e.field}: ${e.message}`);
        this.problem(`${summary.itemErrors.length} results were rejected: ${shown.join("; ")}${summary.itemErrors.length > 5 ? "; ..." : ""}`);
      }
      if (summary.needsSpool) {
        await this.quarantine.mark(d.queue.map((i) => i.result));
        await this.spool(d);
      }
      else if (d.completeError) this.problem(`The run was not completed: ${d.completeError.message}`);
    } catch (err) {
      this.problem(`Reporter error in onEnd: ${err?.stack ?? err}`);
    }
    return this.verdict();
  }

  verdict() {
    return this.options?.failOnError && this.problems.length ? { status: "failed" } : undefined;
  }

  local() {
    const counts = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
    for (const test of this.tally.tests) {
      const outcome = typeof test.outcome === "function" ? test.outcome() : "expected";
      if (outcome === "expected") counts.passed++;
      else if (outcome === "unexpected") counts.failed++;
      else if (outcome === "skipped") counts.skipped++;
      else if (outcome === "flaky") {
        counts.passed++;
        counts.flaky++;
      }
    }
    return counts;
  }

  /** The one line at the end: where to look, the run's counts, and what this process sent. */
  printSummary(summary) {
    const o = this.options;
    const s = summary.stats;
    const run = summary.run;
    const parts = [run?.id ? `${runUrl(o.url, o.project, run.id)} (run ${run.id})` : `${o.url} (no run: ${summary.error?.message ?? "unknown error"})`];
    if (run?.counts) parts.push(runCountsText(run));
    const attachments = s.attachments || s.attachmentsFailed ? `, ${s.attachments} ${s.attachments === 1 ? "attachment" : "attachments"}${s.attachmentsFailed ? ` (${s.attachmentsFailed} not uploaded)` : ""}` : "";
    parts.push(
      `${this.shard ? `shard ${this.shard.current}/${this.shard.total}` : "Playwright"}: ${countsText(this.tally.tests.size, this.local(), ["passed", "failed", "skipped", "flaky"])}, ` +
        `${s.sent}/${this.tally.attempts} results stored (${s.created} new, ${s.duplicates} already there${s.rejected ? `, ${s.rejected} rejected` : ""})${attachments}`,
    );
    if (this.quarantine?.count) parts.push(`${this.quarantine.count} ${this.quarantine.count === 1 ? "result" : "results"} of quarantined tests marked (${this.quarantine.marked.size} ${this.quarantine.marked.size === 1 ? "test" : "tests"})`);
    this.log(parts.join(" · "));
  }

  async spool(delivery) {
    const o = this.options;
    const doc = spoolDocument({ url: o.url, project: o.project, run: this.run }, delivery.leftovers());
    try {
      const file = await writeSpool(o.spoolDir, doc);
      this.spoolFile = file;
      const rel = path.relative(process.cwd(), file) || file;
      const what = [
        doc.items.length ? `${doc.items.length} results` : "",
        doc.attachments.length ? `${doc.attachments.length} attachments` : "",
        doc.complete ? `the ${doc.complete.shard ? "shard's" : "run's"} completion` : "",
      ].filter(Boolean);
      const list = what.length > 1 ? `${what.slice(0, -1).join(", ")} and ${what[what.length - 1]}` : what[0];
      this.problem(`QA Studio did not receive ${list}: ${doc.reason ?? "unknown error"}`);
      this.warn(
        `Saved to ${rel}. Send it later, with QA_STUDIO_URL and QA_STUDIO_API_KEY set: npx qa-studio-upload ${rel} ` +
          `(in a clone of QA Studio: npm run upload -- ${rel})`,
      );
    } catch (err) {
      this.problem(`Could not write the spool file in ${o.spoolDir}: ${err.message}. ${doc.items.length} results are lost.`);
    }
  }
}
