import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { listAuditLog } from "@/lib/audit/queries";
import { AuditListQuery } from "@/lib/audit/schemas";

// GET /api/projects/{projectId}/audit-log — who changed what, newest first (project admins only)
export const GET = projectRoute(async ({ ctx, query }) => {
  const { limit, cursor, ...filter } = parse(AuditListQuery, query);
  return json(await listAuditLog(ctx, filter, { limit, cursor }));
});
