import type { Db } from "@/db/client";
import type { ProjectRole } from "@/lib/auth/permissions";

export type ApiKeyGrant = { id: string; projectId: string | null; readOnly: boolean };

/** Who is calling: a signed-in user, or a user acting through one of their API keys. */
export type Actor = {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  apiKey: ApiKeyGrant | null;
};

export type Ctx = { db: Db; actor: Actor; requestId: string };

export type ProjectRef = { id: string; key: string; name: string; role: ProjectRole };

/** A context bound to one project the actor may see, with the actor's effective role in it. */
export type ProjectCtx = Ctx & { project: ProjectRef };
