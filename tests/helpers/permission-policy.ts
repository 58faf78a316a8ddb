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

  // Project admins only; a read, so an admin's read-only key may use it too.
  "GET /api/projects/[projectId]/audit-log": { need: "ADMIN", ok: 200 },

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
