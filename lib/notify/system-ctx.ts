import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";

/**
 * The scan and the slash command read summaries on nobody's behalf: an instance-level reader
 * bound to one project, so the summary code (and its permission check) is the same as the page's.
 */
export function systemCtx(db: Db, project: { id: string; key: string; name: string }): ProjectCtx {
  return {
    db,
    requestId: `notify-${randomUUID()}`,
    actor: { userId: "system", email: "", name: "QA Studio", isAdmin: false, apiKey: null },
    project: { ...project, role: "VIEWER" },
  };
}
