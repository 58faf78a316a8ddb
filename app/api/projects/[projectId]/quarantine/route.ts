import { json, projectRoute } from "@/lib/api/handler";
import { listActiveQuarantines } from "@/lib/quarantine/queries";

// GET /api/projects/{projectId}/quarantine — the active quarantines, soonest expiry first (members; CI reporters read it at start)
export const GET = projectRoute(async ({ ctx }) => json(await listActiveQuarantines(ctx)));
