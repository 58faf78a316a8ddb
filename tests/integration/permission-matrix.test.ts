import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasRole, type ProjectRole } from "@/lib/auth/permissions";
import { call } from "../helpers/api";
import { POLICY, type RoutePolicy } from "../helpers/permission-policy";
import { ACTORS, buildWorld, fingerprint, pathIds, type ActorName, type World } from "../helpers/permission-world";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// Attachments uploaded by the world go to a throwaway directory (on Postgres, not ./data/files).
const filesDir = (process.env.QA_STUDIO_FILES_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "qa-matrix-files-")));
afterAll(() => fs.rmSync(filesDir, { recursive: true, force: true }));
const API_DIR = path.join(process.cwd(), "app", "api");

/** Every exported handler under app/api, as "METHOD /api/path/[param]". Auth.js and the public OpenAPI document are outside the matrix. */
async function discoverRoutes(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === "route.ts") {
        const route = "/" + path.relative(path.join(process.cwd(), "app"), path.dirname(full)).split(path.sep).join("/");
        if (route.startsWith("/api/auth") || route === "/api/openapi.json") continue;
        const mod = await import(/* @vite-ignore */ full);
        for (const m of METHODS) if (typeof mod[m] === "function") found.push(`${m} ${route}`);
      }
    }
  };
  await walk(API_DIR);
  return found.sort();
}

const ROLE_OF: Partial<Record<ActorName, ProjectRole>> = { viewer: "VIEWER", tester: "TESTER", admin: "ADMIN", readOnlyKey: "ADMIN" };

/** The status DESIGN §7 prescribes for an actor on a route. */
function expectedStatus(route: string, policy: RoutePolicy, actor: ActorName): number {
  if (policy.expect?.[actor] !== undefined) return policy.expect[actor]!;
  if (actor === "none" || actor === "revokedKey" || actor === "expiredKey") return 401;
  if (actor === "instanceAdmin") return policy.ok;
  const write = !route.startsWith("GET ");
  const inProject = route.includes("[projectId]");
  if (inProject && (actor === "otherProjectMember" || actor === "keyForOtherProject")) return 404;
  if (write && actor === "readOnlyKey") return 403;
  if (policy.need === "instanceAdmin") return 403;
  if (!inProject) {
    // A key limited to one project may read, but not act outside it (create projects or keys).
    return write && actor === "keyForOtherProject" ? 403 : policy.ok;
  }
  if (policy.need === "user") return policy.ok;
  return hasRole(ROLE_OF[actor]!, policy.need) ? policy.ok : 403;
}

function concretePath(route: string, policy: RoutePolicy, w: World): string {
  if (policy.path) return policy.path(w);
  const ids = pathIds(w);
  return route
    .replace(/^\w+ /, "")
    .replace(/\[(\w+)\]/g, (_, name: string) => {
      if (!ids[name]) throw new Error(`No world id for [${name}] in ${route}; give the policy a path()`);
      return ids[name];
    });
}

describe("permission matrix", async () => {
  const routes = await discoverRoutes();

  it("has a policy for every route handler, and no policy for a route that no longer exists", () => {
    expect(routes.filter((r) => !POLICY[r])).toEqual([]);
    expect(Object.keys(POLICY).filter((r) => !routes.includes(r))).toEqual([]);
  });

  for (const route of routes) {
    it(route, async () => {
      const policy = POLICY[route];
      expect(policy, `no policy for ${route}`).toBeDefined();
      const method = route.split(" ")[0];
      let world: World | undefined;
      const statuses: Record<string, number> = {};
      for (const actor of ACTORS) {
        // Reads and refused writes change nothing (asserted below), so a world is rebuilt only after a write succeeded.
        world ??= await buildWorld();
        const expected = expectedStatus(route, policy, actor);
        const before = expected >= 400 ? await fingerprint() : undefined;
        const write = method !== "GET" && method !== "DELETE";
        const res = await call(method, concretePath(route, policy, world), {
          key: world.keys[actor],
          ...(write && policy.rawBody
            ? { rawBody: policy.rawBody(world), headers: { "content-type": policy.contentType ?? "application/octet-stream" } }
            : { body: write ? (policy.body?.(world) ?? {}) : undefined }),
        });
        statuses[actor] = res.status;
        expect(res.status, `${route} as ${actor}: ${JSON.stringify(res.body)}`).toBe(expected);
        if (expected >= 400) {
          expect(Object.keys(res.body)).toEqual(["error"]);
          expect(await fingerprint(), `${route} as ${actor} changed the database`).toBe(before);
        } else if (method !== "GET") {
          world = undefined;
        }
      }
    });
  }
});
