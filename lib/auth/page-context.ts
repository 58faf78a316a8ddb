import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import type { Ctx, ProjectCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { noteActor } from "@/lib/observability/request-log";
import { actorFromUserId } from "./actor";
import { auth } from "./config";
import { withProject } from "./project-access";

/**
 * The page and server-action twin of the route-handler wrapper: every page that shows data
 * starts here. Disabled users are sent back to the login page on their next request; so is a
 * session ended by sign-out or a password change (auth() has no session for it: the jwt callback
 * in lib/auth/config.ts compares its session version).
 */
export async function pageContext(): Promise<Ctx> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) redirect("/login");
  const db = getDb();
  const actor = await actorFromUserId(db, userId);
  if (!actor) redirect("/login?error=disabled");
  const hdrs = await headers();
  noteActor(hdrs, actor.userId);
  return { db, actor, requestId: hdrs.get("x-request-id") ?? randomUUID() };
}

/** A project page's context; a project the user cannot see is a plain 404. */
export async function projectPageContext(idOrKey: string): Promise<ProjectCtx> {
  const ctx = await pageContext();
  try {
    return await withProject(ctx, decodeURIComponent(idOrKey));
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
