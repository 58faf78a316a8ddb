import { randomBytes } from "node:crypto";

/**
 * @typedef {object} CiBuild
 * @property {string} provider   e.g. "GitHub Actions"
 * @property {string} buildId    the same for every shard (job) of one build
 * @property {string} label      human name for the run, e.g. "CI #412"
 * @property {string} [url]      link to the build
 */

/**
 * The CI build we run in, from the variables each CI sets. Every parallel job of one build sees
 * the same id, so all shards join one run. A re-run on GitHub gets a new attempt number and so a
 * new run, because the first attempt's run may already be complete.
 * @param {Record<string, string | undefined>} env
 * @returns {CiBuild | null}
 */
export function detectCi(env) {
  const v = (name) => (env[name] ?? "").trim();
  if (v("GITHUB_RUN_ID")) {
    const attempt = v("GITHUB_RUN_ATTEMPT") || "1";
    const repoUrl = v("GITHUB_SERVER_URL") && v("GITHUB_REPOSITORY") ? `${v("GITHUB_SERVER_URL")}/${v("GITHUB_REPOSITORY")}` : "";
    return {
      provider: "GitHub Actions",
      buildId: `github-${v("GITHUB_RUN_ID")}-${attempt}`,
      label: `${v("GITHUB_WORKFLOW") || "GitHub Actions"} #${v("GITHUB_RUN_NUMBER") || v("GITHUB_RUN_ID")}${attempt !== "1" ? ` (attempt ${attempt})` : ""}`,
      url: repoUrl ? `${repoUrl}/actions/runs/${v("GITHUB_RUN_ID")}/attempts/${attempt}` : undefined,
    };
  }
  if (v("CI_PIPELINE_ID")) {
    return {
      provider: "GitLab CI",
      buildId: `gitlab-${v("CI_PIPELINE_ID")}`,
      label: `GitLab pipeline #${v("CI_PIPELINE_IID") || v("CI_PIPELINE_ID")}`,
      url: v("CI_PIPELINE_URL") || undefined,
    };
  }
  if (v("CIRCLE_WORKFLOW_ID")) {
    return {
      provider: "CircleCI",
      buildId: `circleci-${v("CIRCLE_WORKFLOW_ID")}`,
      label: `CircleCI workflow ${v("CIRCLE_WORKFLOW_ID").slice(0, 8)}`,
      url: v("CIRCLE_WORKFLOW_ID") ? `https://app.circleci.com/pipelines/workflows/${v("CIRCLE_WORKFLOW_ID")}` : undefined,
    };
  }
  if (v("BUILD_TAG")) {
    // Jenkins' BUILD_TAG is already "jenkins-<job>-<number>".
    return { provider: "Jenkins", buildId: v("BUILD_TAG"), label: v("BUILD_TAG"), url: v("BUILD_URL") || undefined };
  }
  if (v("BUILDKITE_BUILD_ID")) {
    return {
      provider: "Buildkite",
      buildId: `buildkite-${v("BUILDKITE_BUILD_ID")}`,
      label: `Buildkite #${v("BUILDKITE_BUILD_NUMBER") || v("BUILDKITE_BUILD_ID")}`,
      url: v("BUILDKITE_BUILD_URL") || undefined,
    };
  }
  return null;
}

/**
 * Outside CI each invocation is its own run: a fresh id. (Local shards that should share a run
 * need the same QA_STUDIO_CI_BUILD_ID.)
 * @param {Date} [now]
 */
export function generateBuildId(now = new Date()) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `local-${stamp}-${randomBytes(4).toString("hex")}`;
}

/**
 * The build id and a default run name: explicit id first, then the CI's, then a generated one.
 * @param {Record<string, string | undefined>} env
 * @param {string | undefined} explicit
 * @param {string} tool  "Playwright", "JUnit"
 */
export function resolveBuild(env, explicit, tool) {
  const ci = detectCi(env);
  const buildId = (explicit ?? "").trim() || ci?.buildId || generateBuildId();
  const label = ci ? ci.label : new Date().toISOString().slice(0, 16).replace("T", " ");
  return {
    ciBuildId: buildId.slice(0, 200),
    runName: `${tool} · ${label}`.slice(0, 200),
    description: ci?.url ? `${ci.provider}: ${ci.url}` : "",
  };
}

/** CI variables naming the commit under test, in the order they are read (QA_STUDIO_BUILD comes first). */
export const BUILD_VARIABLES = ["GITHUB_SHA", "CI_COMMIT_SHA", "CIRCLE_SHA1", "GIT_COMMIT", "BUILDKITE_COMMIT"];

/**
 * The build under test (a version, commit SHA or build number) that results are tied to: the
 * explicit value, else QA_STUDIO_BUILD, else the commit the CI checked out (GitHub Actions,
 * GitLab CI, CircleCI, Jenkins, Buildkite); undefined when none is known. Up to 200 characters.
 * @param {Record<string, string | undefined>} env
 * @param {string | undefined} [explicit]
 * @returns {string | undefined}
 */
export function detectBuild(env, explicit) {
  for (const value of [explicit, env.QA_STUDIO_BUILD, ...BUILD_VARIABLES.map((name) => env[name])]) {
    const v = (value ?? "").trim();
    if (v) return v.slice(0, 200);
  }
  return undefined;
}
