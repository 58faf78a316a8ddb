import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/** Options of `["qa-studio/reporter", { ... }]`; every one has an environment variable as its default. */
export interface QaStudioReporterOptions {
  /** QA Studio's address, e.g. `https://qa.example.com`. Default: `QA_STUDIO_URL`. */
  url?: string;
  /** An API key (`qas_...`) that may write runs in the project. Default: `QA_STUDIO_API_KEY`. */
  apiKey?: string;
  /** Project key or id, e.g. `ECOM`. Default: `QA_STUDIO_PROJECT`. */
  project?: string;
  /** Milestone id or name, e.g. `v2.4.0`. Default: `QA_STUDIO_MILESTONE`. */
  milestone?: string;
  /** Environment name, e.g. `Staging` (created if missing and the key's user is a project admin). Default: `QA_STUDIO_ENVIRONMENT`. */
  environment?: string;
  /** Run name. Default: `QA_STUDIO_RUN_NAME`, else "Playwright · <CI build>". */
  runName?: string;
  /**
   * Identifies the CI build, so every shard joins one run. Default: `QA_STUDIO_CI_BUILD_ID`, else from
   * GitHub Actions, GitLab CI, CircleCI, Jenkins or Buildkite variables, else a new id per invocation.
   */
  ciBuildId?: string;
  /**
   * The build under test (version, commit SHA or build number), recorded on the run. Default:
   * `QA_STUDIO_BUILD`, else `GITHUB_SHA`, `CI_COMMIT_SHA`, `CIRCLE_SHA1`, `GIT_COMMIT` or `BUILDKITE_COMMIT`.
   */
  build?: string;
  /** Fail the Playwright run when results could not be delivered. Default: false (a warning only). */
  failOnError?: boolean;
  /** Where undelivered results are saved for `qa-studio-upload`, relative to the config's directory. Default: `qa-studio-spool`. */
  spoolDir?: string;
  /** Upload attachments (screenshots, traces) of failed and retried attempts. Default: true. */
  uploadAttachments?: boolean;
  /** Results per request. Default: 200. */
  batchSize?: number;
  /** Send what is queued at least this often, in milliseconds. Default: 2000. */
  flushIntervalMs?: number;
  /** Retries of a request after no answer, 429 or 5xx. Default: 4. */
  retries?: number;
  /** Longest wait at the end of the run before spooling what is not yet stored, in milliseconds. Default: 120000. */
  timeoutMs?: number;
  /**
   * "report": read the project's quarantine at the start and mark results of quarantined tests
   * `quarantined: true` (still sent and shown; they do not block the verdict). "ignore": send them
   * unmarked. Default: `QA_STUDIO_QUARANTINE`, else "report".
   */
  quarantine?: "report" | "ignore";
}

export interface ResolvedOptions {
  url?: string;
  apiKey?: string;
  project?: string;
  milestone?: string;
  environment?: string;
  runName: string;
  description: string;
  ciBuildId: string;
  build?: string;
  failOnError: boolean;
  spoolDir: string;
  uploadAttachments: boolean;
  batchSize: number;
  flushIntervalMs: number;
  retries?: number;
  timeoutMs: number;
  quarantine: "report" | "ignore";
}

export function resolveOptions(options?: QaStudioReporterOptions, env?: Record<string, string | undefined>): ResolvedOptions;

export default class QaStudioReporter implements Reporter {
  constructor(options?: QaStudioReporterOptions);
  /** Path of the spool file written by onEnd, if one was. */
  spoolFile?: string;
  /** Messages of everything that failed (not warnings). */
  problems: string[];
  printsToStdio(): boolean;
  onBegin(config: FullConfig): void;
  onTestEnd(test: TestCase, result: TestResult): void;
  onEnd(result?: FullResult): Promise<{ status?: FullResult["status"] } | undefined>;
}
