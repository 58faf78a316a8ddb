import { json, projectRoute } from "@/lib/api/handler";
import { bulkUpdateCases } from "@/lib/cases/bulk-update-cases";

// POST /api/projects/{projectId}/test-cases/bulk — move, retag, archive or restore many cases at once
export const POST = projectRoute(async ({ ctx, body }) => json(await bulkUpdateCases({ ctx, input: await body() })));
