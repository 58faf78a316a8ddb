import type { ProjectRole } from "@/lib/auth/permissions";
import { uniqueKey } from "./factories";
import type { ActorName, World } from "./permission-world";

/**
 * Who may call each route handler. The permission matrix test fails for any route file under
 * app/api that has no entry here, so a new endpoint cannot ship without its permissions tested.
 *
 * - `need`: the least privilege: any signed-in `user`, the `instanceAdmin`, or a project role.
 * - `ok`: the status an allowed caller gets.
 * - `path`: the concrete URL (defaults fill [projectId], [environmentId], [milestoneId], [runId] from the world).
 * - `body`: the JSON body for writes (a fresh one per call).
 * - `rawBody` + `contentType`: a non-JSON body for writes (uploads), sent instead of `body`.
 * - `expect`: exceptions to the derived expectation, with the reason in a comment.
 */
export type RoutePolicy = {
  need: "user" | "instanceAdmin" | ProjectRole;
  ok: number;
  path?: (w: World) => string;
  body?: (w: World) => unknown;
  rawBody?: (w: World) => string;
  contentType?: string;
  expect?: Partial<Record<ActorName, number>>;
};

export const POLICY: Record<string, RoutePolicy> = {
  "GET /api/projects": { need: "user", ok: 200 },
  "POST /api/projects": {
    need: "user",
    ok: 201,
    body: () => ({ name: "New", key: uniqueKey("N") }),
  },
  "GET /api/projects/[projectId]": { need: "VIEWER", ok: 200 },
  "PATCH /api/projects/[projectId]": { need: "ADMIN", ok: 200, body: () => ({ name: "Renamed" }) },

  "GET /api/projects/[projectId]/slack": { need: "VIEWER", ok: 200 },
  "PUT /api/projects/[projectId]/slack": { need: "ADMIN", ok: 200, body: () => ({ channel: "#qa-alerts", dueThresholdsDays: [2, 0] }) },
  // No SLACK_BOT_TOKEN in tests and no channel saved: an allowed caller is told so (412), others get 403/404 first.
  "POST /api/projects/[projectId]/slack/test": { need: "ADMIN", ok: 412 },
  // Signed by Slack, not by QA Studio credentials: without SLACK_SIGNING_SECRET every caller gets 401.
  // Operations endpoints take no API key or session: anyone gets the same answer. Readiness is 503
  // here because the test process starts no job queue; metrics are 404 while no token is set.
  "GET /api/health": { need: "user", ok: 200, expect: { none: 200, revokedKey: 200, expiredKey: 200 } },
  "GET /api/ready": { need: "user", ok: 503, expect: { none: 503, revokedKey: 503, expiredKey: 503 } },
  "GET /api/metrics": { need: "user", ok: 404, expect: { none: 404, revokedKey: 404, expiredKey: 404 } },
  "POST /api/slack/commands": { need: "user", ok: 401, expect: { readOnlyKey: 401, keyForOtherProject: 401 } },
  "GET /api/notifications": { need: "user", ok: 200 },
  "POST /api/notifications/read": { need: "user", ok: 200, body: () => ({ all: true }) },
  "GET /api/projects/[projectId]/environments": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/environments": { need: "ADMIN", ok: 201, body: () => ({ name: `Env ${uniqueKey()}` }) },
  "GET /api/projects/[projectId]/environments/[environmentId]": { need: "VIEWER", ok: 200 },
  "PATCH /api/projects/[projectId]/environments/[environmentId]": { need: "ADMIN", ok: 200, body: () => ({ description: "changed" }) },
  "DELETE /api/projects/[projectId]/environments/[environmentId]": {
    need: "ADMIN",
    ok: 204,
    path: (w) => `${w.base}/environments/${w.spareEnv.id}`,
  },

  "GET /api/projects/[projectId]/milestones": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/milestones": { need: "ADMIN", ok: 201, body: () => ({ name: "v2" }) },
  "GET /api/projects/[projectId]/milestones/[milestoneId]": { need: "VIEWER", ok: 200 },
  "PATCH /api/projects/[projectId]/milestones/[milestoneId]": { need: "ADMIN", ok: 200, body: () => ({ description: "changed" }) },
  "DELETE /api/projects/[projectId]/milestones/[milestoneId]": {
    need: "ADMIN",
    ok: 204,
    path: (w) => `${w.base}/milestones/${w.spareMilestone.id}`,
  },

  "GET /api/projects/[projectId]/milestones/[milestoneId]/summary": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/gate": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/compare": { need: "VIEWER", ok: 200 },
  // Without a key: 401, since the project has no public badges and no ?sig= is given.
  "GET /api/projects/[projectId]/milestones/[milestoneId]/badge.svg": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/entries.csv": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/evidence.json": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/evidence.pdf": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/activity": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/waivers": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/milestones/[milestoneId]/waivers": {
    need: "TESTER",
    ok: 201,
    body: (w) => ({ caseId: `${w.p.key}-2`, environmentId: w.env.id, reason: "Known issue" }),
  },
  "DELETE /api/projects/[projectId]/milestones/[milestoneId]/waivers/[waiverId]": {
    need: "TESTER",
    ok: 204,
    path: (w) => `${w.base}/milestones/${w.milestone.id}/waivers/${w.waiver.id}`,
  },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/failure-clusters": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/test-runs/[runId]/failure-clusters": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/quarantine": { need: "VIEWER", ok: 200 },
  // P-1 is not quarantined (the world quarantines P-2): quarantining it succeeds.
  "POST /api/projects/[projectId]/test-cases/[caseId]/quarantine": {
    need: "TESTER",
    ok: 201,
    path: (w) => `${w.base}/test-cases/${w.caseKey}/quarantine`,
    body: () => ({ reason: "Flaky in CI" }),
  },
  "DELETE /api/projects/[projectId]/test-cases/[caseId]/quarantine": {
    need: "TESTER",
    ok: 204,
    path: (w) => `${w.base}/test-cases/${w.quarantineCaseKey}/quarantine`,
  },
  "GET /api/projects/[projectId]/failure-rules": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/failure-rules": {
    need: "ADMIN",
    ok: 201,
    body: () => ({ name: "Known timeout", pattern: "TimeoutError: .+ exceeded", defect: { key: "QA-1", tracker: "JIRA" } }),
  },
  "DELETE /api/projects/[projectId]/failure-rules/[ruleId]": { need: "ADMIN", ok: 204, path: (w) => `${w.base}/failure-rules/${w.rule.id}` },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/signoffs": { need: "VIEWER", ok: 200 },
  // A write a VIEWER may do; a read-only key still may not.
  "POST /api/projects/[projectId]/milestones/[milestoneId]/signoffs": { need: "VIEWER", ok: 201, body: () => ({ comment: "Seen" }) },
  // The world's milestone has open runs, so completing it needs an ADMIN's override.
  "POST /api/projects/[projectId]/milestones/[milestoneId]/complete": { need: "ADMIN", ok: 200, body: () => ({ override: { reason: "Matrix" } }) },

  "GET /api/projects/[projectId]/test-runs": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/test-runs": {
    need: "TESTER",
    ok: 201,
    body: (w) => ({ name: "Regression", milestoneId: w.milestone.id, environmentId: w.env.id }),
  },
  "GET /api/projects/[projectId]/test-runs/[runId]": { need: "VIEWER", ok: 200 },
  "PATCH /api/projects/[projectId]/test-runs/[runId]": { need: "TESTER", ok: 200, body: () => ({ status: "IN_PROGRESS" }) },
  "POST /api/projects/[projectId]/test-runs/[runId]/complete": { need: "TESTER", ok: 200 },
  "GET /api/projects/[projectId]/test-runs/[runId]/results": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/test-runs/[runId]/results": {
    need: "TESTER",
    ok: 200,
    body: () => ({ results: [{ testKey: `matrix.spec.ts › ${uniqueKey()}`, status: "failed" }] }),
  },
  "POST /api/projects/[projectId]/test-runs/[runId]/junit": {
    need: "TESTER",
    ok: 200,
    contentType: "application/xml",
    rawBody: () => `<testsuite name="matrix"><testcase classname="Matrix" name="${uniqueKey()}"><failure message="no"/></testcase></testsuite>`,
  },
  "GET /api/projects/[projectId]/test-runs/[runId]/entries": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/test-runs/[runId]/entries": { need: "TESTER", ok: 200, body: (w) => ({ caseIds: [w.caseKey] }) },
  "PATCH /api/projects/[projectId]/test-runs/[runId]/entries/[entryId]": {
    need: "TESTER",
    ok: 200,
    body: (w) => ({ assigneeId: w.users.tester.id }),
  },
  "DELETE /api/projects/[projectId]/test-runs/[runId]/entries/[entryId]": {
    need: "TESTER",
    ok: 204,
    path: (w) => `${w.base}/test-runs/${w.spareRunId}/entries/${w.spareEntryId}`,
  },
  "POST /api/projects/[projectId]/test-runs/[runId]/entries/assign": { need: "TESTER", ok: 200, body: () => ({ all: true, assigneeId: null }) },
  "POST /api/projects/[projectId]/test-runs/[runId]/entries/[entryId]/results": {
    need: "TESTER",
    ok: 201,
    body: () => ({ status: "PASSED", comment: "matrix" }),
  },
  "POST /api/projects/[projectId]/test-runs/[runId]/rerun": { need: "TESTER", ok: 201 },
  "GET /api/projects/[projectId]/test-runs/[runId]/notes": { need: "VIEWER", ok: 200, path: (w) => `${w.base}/test-runs/${w.session.id}/notes` },
  "POST /api/projects/[projectId]/test-runs/[runId]/notes": {
    need: "TESTER",
    ok: 201,
    path: (w) => `${w.base}/test-runs/${w.session.id}/notes`,
    body: () => ({ kind: "IDEA", body: "Matrix idea" }),
  },
  "GET /api/projects/[projectId]/test-runs/[runId]/notes/[noteId]": { need: "VIEWER", ok: 200, path: (w) => `${w.base}/test-runs/${w.session.id}/notes/${w.note.id}` },
  "PATCH /api/projects/[projectId]/test-runs/[runId]/notes/[noteId]": {
    need: "TESTER",
    ok: 200,
    path: (w) => `${w.base}/test-runs/${w.session.id}/notes/${w.note.id}`,
    body: () => ({ kind: "QUESTION" }),
  },
  "DELETE /api/projects/[projectId]/test-runs/[runId]/notes/[noteId]": { need: "TESTER", ok: 204, path: (w) => `${w.base}/test-runs/${w.session.id}/notes/${w.note.id}` },
  "GET /api/projects/[projectId]/test-runs/[runId]/entries/[entryId]/defects": { need: "VIEWER", ok: 200 },
  // Allowed callers reach the entry's state: the world's entry PASSED, so nothing can be filed (409), and nothing is written.
  "POST /api/projects/[projectId]/test-runs/[runId]/entries/[entryId]/defects/jira": { need: "TESTER", ok: 409 },
  "GET /api/projects/[projectId]/jira": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/defects": { need: "VIEWER", ok: 200, path: (w) => `${w.base}/defects?milestoneId=${w.milestone.id}` },
  "PUT /api/projects/[projectId]/jira": { need: "ADMIN", ok: 200, body: () => ({ jiraProjectKey: "SHOP" }) },
  "GET /api/admin/jira": { need: "instanceAdmin", ok: 200 },
  "PUT /api/admin/jira": {
    need: "instanceAdmin",
    ok: 200,
    body: () => ({ baseUrl: "https://127.0.0.1:9", email: "qa@example.test", apiToken: "matrix-token" }),
  },
  // Jira is not connected in the world, or (after the PUT above) not reachable on 127.0.0.1:9: either way 409, nothing written.
  "POST /api/admin/jira/test": { need: "instanceAdmin", ok: 409 },
  "POST /api/projects/[projectId]/test-runs/[runId]/notes/[noteId]/attachments": {
    need: "TESTER",
    ok: 201,
    path: (w) => `${w.base}/test-runs/${w.session.id}/notes/${w.note.id}/attachments?name=note.txt`,
    contentType: "text/plain",
    rawBody: () => "matrix",
  },
  "GET /api/me/work": { need: "user", ok: 200 },
  "GET /api/projects/[projectId]/results/[resultId]/attachments": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/results/[resultId]/attachments": {
    need: "TESTER",
    ok: 201,
    path: (w) => `${w.base}/results/${w.resultId}/attachments?name=matrix.txt`,
    contentType: "text/plain",
    rawBody: () => "matrix",
  },
  "GET /api/projects/[projectId]/attachments/[attachmentId]": { need: "VIEWER", ok: 200 },
  "DELETE /api/projects/[projectId]/attachments/[attachmentId]": { need: "TESTER", ok: 204 },
  "GET /api/projects/[projectId]/test-cases/[caseId]/history": {
    need: "VIEWER",
    ok: 200,
    path: (w) => `${w.base}/test-cases/${w.caseKey}/history`,
  },

  "GET /api/projects/[projectId]/suites": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/suites": { need: "TESTER", ok: 201, body: () => ({ name: `Suite ${uniqueKey()}` }) },
  "GET /api/projects/[projectId]/suites/[suiteId]": { need: "VIEWER", ok: 200, path: (w) => `${w.base}/suites/${w.suite.id}` },
  "PATCH /api/projects/[projectId]/suites/[suiteId]": {
    need: "TESTER",
    ok: 200,
    path: (w) => `${w.base}/suites/${w.suite.id}`,
    body: () => ({ description: "changed" }),
  },
  // Deleting a suite archives its cases: admins only.
  "DELETE /api/projects/[projectId]/suites/[suiteId]": { need: "ADMIN", ok: 200, path: (w) => `${w.base}/suites/${w.spareSuite.id}` },
  "GET /api/projects/[projectId]/test-cases": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/test-cases": { need: "TESTER", ok: 201, body: () => ({ title: "Checkout works" }) },
  "GET /api/projects/[projectId]/test-cases/[caseId]": { need: "VIEWER", ok: 200, path: (w) => `${w.base}/test-cases/${w.caseKey}` },
  "PATCH /api/projects/[projectId]/test-cases/[caseId]": {
    need: "TESTER",
    ok: 200,
    path: (w) => `${w.base}/test-cases/${w.caseKey}`,
    body: () => ({ title: "Renamed case" }),
  },
  // Archiving is reversible (restore), so testers may do it.
  "DELETE /api/projects/[projectId]/test-cases/[caseId]": { need: "TESTER", ok: 200, path: (w) => `${w.base}/test-cases/${w.caseKey}` },
  "GET /api/projects/[projectId]/test-cases/[caseId]/versions": { need: "VIEWER", ok: 200, path: (w) => `${w.base}/test-cases/${w.caseKey}/versions` },
  "GET /api/projects/[projectId]/test-cases/[caseId]/versions/[version]": {
    need: "VIEWER",
    ok: 200,
    path: (w) => `${w.base}/test-cases/${w.caseKey}/versions/1`,
  },
  "POST /api/projects/[projectId]/test-cases/[caseId]/duplicate": { need: "TESTER", ok: 201, path: (w) => `${w.base}/test-cases/${w.caseKey}/duplicate` },
  "POST /api/projects/[projectId]/test-cases/bulk": {
    need: "TESTER",
    ok: 200,
    body: (w) => ({ action: "move", caseIds: [w.caseKey], suiteId: w.suite.id }),
  },
  "GET /api/projects/[projectId]/test-cases/export.csv": { need: "VIEWER", ok: 200 },
  "GET /api/projects/[projectId]/test-cases/selection": { need: "VIEWER", ok: 200, path: (w) => `${w.base}/test-cases/selection?priorities=CRITICAL,HIGH` },
  "POST /api/projects/[projectId]/test-cases/import": {
    need: "TESTER",
    ok: 200,
    contentType: "text/csv",
    rawBody: () => "title,suite,tags\nImported case,Matrix / Imported,smoke\n",
  },

  "POST /api/projects/[projectId]/test-cases/import/testrail": {
    need: "TESTER",
    ok: 200,
    contentType: "text/csv",
    rawBody: () => `ID,Title,Section Hierarchy,Priority,References\nC1,Imported from TestRail,Matrix > TestRail,High,REQ-1\n`,
  },

  "GET /api/projects/[projectId]/requirements": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/requirements": { need: "TESTER", ok: 201, body: () => ({ key: `REQ-${uniqueKey("M")}`, title: "Matrix" }) },
  "GET /api/projects/[projectId]/requirements/[requirementId]": { need: "VIEWER", ok: 200 },
  "PATCH /api/projects/[projectId]/requirements/[requirementId]": { need: "TESTER", ok: 200, body: () => ({ title: "Changed" }) },
  "DELETE /api/projects/[projectId]/requirements/[requirementId]": {
    need: "TESTER",
    ok: 204,
    path: (w) => `${w.base}/requirements/${w.spareRequirement.id}`,
  },
  // Allowed callers reach the milestone check (an unknown milestoneId: 404) before Jira is called, so the
  // matrix never depends on the instance's Jira connection; nothing is written.
  "POST /api/projects/[projectId]/requirements/import/jira": { need: "TESTER", ok: 404, body: () => ({ jql: "project = SHOP", milestoneId: "no-such-milestone" }) },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/requirements": { need: "VIEWER", ok: 200 },
  "PUT /api/projects/[projectId]/milestones/[milestoneId]/requirements": { need: "TESTER", ok: 200, body: () => ({ keys: ["REQ-1"] }) },
  "GET /api/projects/[projectId]/milestones/[milestoneId]/coverage": { need: "VIEWER", ok: 200 },

  // Project admins only; a read, so an admin's read-only key may use it too.
  "GET /api/projects/[projectId]/audit-log": { need: "ADMIN", ok: 200 },

  // Every member lists tokens and reads codes (a code read is audited, but it is a read: read-only keys too); admins manage them.
  "GET /api/projects/[projectId]/authenticator-tokens": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/authenticator-tokens": {
    need: "ADMIN",
    ok: 201,
    body: () => ({ name: `otp-${uniqueKey()}`, secret: "JBSWY3DPEHPK3PXP" }),
  },
  "GET /api/projects/[projectId]/authenticator-tokens/[tokenId]": { need: "VIEWER", ok: 200, path: (w) => `${w.base}/authenticator-tokens/${w.authToken.id}` },
  "PATCH /api/projects/[projectId]/authenticator-tokens/[tokenId]": {
    need: "ADMIN",
    ok: 200,
    path: (w) => `${w.base}/authenticator-tokens/${w.authToken.id}`,
    body: () => ({ digits: 8 }),
  },
  "DELETE /api/projects/[projectId]/authenticator-tokens/[tokenId]": { need: "ADMIN", ok: 204, path: (w) => `${w.base}/authenticator-tokens/${w.authToken.id}` },
  "GET /api/projects/[projectId]/authenticator-tokens/[tokenId]/code": {
    need: "VIEWER",
    ok: 200,
    path: (w) => `${w.base}/authenticator-tokens/${w.authToken.id}/code`,
  },

  "GET /api/projects/[projectId]/members": { need: "VIEWER", ok: 200 },
  "POST /api/projects/[projectId]/members": {
    need: "ADMIN",
    ok: 201,
    body: (w) => ({ email: w.users.outsider.email, role: "TESTER" }),
  },
  "PATCH /api/projects/[projectId]/members/[userId]": {
    need: "ADMIN",
    ok: 200,
    path: (w) => `${w.base}/members/${w.users.spareMember.id}`,
    body: () => ({ role: "TESTER" }),
  },
  "DELETE /api/projects/[projectId]/members/[userId]": {
    need: "ADMIN",
    ok: 204,
    path: (w) => `${w.base}/members/${w.users.spareMember.id}`,
  },

  "GET /api/users": { need: "instanceAdmin", ok: 200 },
  "POST /api/users": {
    need: "instanceAdmin",
    ok: 201,
    body: () => ({ email: `${uniqueKey("U").toLowerCase()}@example.test`, name: "New user" }),
  },
  "PATCH /api/users/[userId]": {
    need: "instanceAdmin",
    ok: 200,
    path: (w) => `/api/users/${w.users.spareMember.id}`,
    body: () => ({ name: "Renamed" }),
  },

  "GET /api/api-keys": { need: "user", ok: 200 },
  "POST /api/api-keys": { need: "user", ok: 201, body: () => ({ name: "matrix" }) },
  "DELETE /api/api-keys/[keyId]": {
    need: "user",
    ok: 204,
    path: (w) => `/api/api-keys/${w.ownerSpareKeyId}`,
    // The key belongs to P's admin: everyone else is told it does not exist.
    expect: { otherProjectMember: 404, viewer: 404, tester: 404, instanceAdmin: 404 },
  },
};
