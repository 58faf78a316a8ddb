import { ForbiddenError } from "@/lib/errors";
import type { Ctx, ProjectCtx } from "@/lib/context";
import { PROJECT_ROLES } from "@/db/schema/projects";

export type ProjectRole = (typeof PROJECT_ROLES)[number];

const RANK: Record<ProjectRole, number> = { VIEWER: 1, TESTER: 2, ADMIN: 3 };

/** The least role each action needs. One table, read by every verb. */
export const REQUIRED_ROLE = {
  "project:read": "VIEWER",
  "project:update": "ADMIN",
  "environment:write": "ADMIN",
  "milestone:write": "ADMIN",
  "milestone:waive": "TESTER",
  "milestone:complete": "TESTER",
  "milestone:override": "ADMIN",
  // A write a VIEWER may do: stakeholders record that they have seen the summary.
  "milestone:signoff": "VIEWER",
  "run:write": "TESTER",
  "case:write": "TESTER",
  "requirement:write": "TESTER",
  "suite:write": "TESTER",
  "suite:delete": "ADMIN",
  "attachment:write": "TESTER",
  "member:manage": "ADMIN",
  "audit:read": "ADMIN",
  "authenticator:manage": "ADMIN",
} as const satisfies Record<string, ProjectRole>;

export type ProjectAction = keyof typeof REQUIRED_ROLE;

const READS: ReadonlySet<ProjectAction> = new Set(["project:read", "audit:read"]);

export function hasRole(role: ProjectRole, needed: ProjectRole): boolean {
  return RANK[role] >= RANK[needed];
}

export function authorize(ctx: ProjectCtx, action: ProjectAction): void {
  if (!READS.has(action)) assertWritable(ctx);
  const needed = REQUIRED_ROLE[action];
  if (!hasRole(ctx.project.role, needed)) {
    throw new ForbiddenError(`This needs the ${needed} role in project ${ctx.project.key}; you are ${ctx.project.role}.`);
  }
}

/** Read-only keys may read anything they can see and write nothing. */
export function assertWritable(ctx: Ctx): void {
  if (ctx.actor.apiKey?.readOnly) throw new ForbiddenError("This API key is read-only.");
}

/** For pages: whether to show the controls for an action (the verb still checks on submit). */
export function allowed(ctx: ProjectCtx, action: ProjectAction): boolean {
  return hasRole(ctx.project.role, REQUIRED_ROLE[action]) && (READS.has(action) || !ctx.actor.apiKey?.readOnly);
}

/**
 * Instance-wide administration (users). A key narrowed to one project cannot reach it, and a
 * read-only key may only read.
 */
export function requireInstanceAdmin(ctx: Ctx, access: "read" | "write" = "write"): void {
  if (!ctx.actor.isAdmin) throw new ForbiddenError("This needs an instance admin.");
  if (ctx.actor.apiKey?.projectId) throw new ForbiddenError("This API key is limited to one project and cannot administer users.");
  if (access === "write") assertWritable(ctx);
}
