import { created, json, projectRoute } from "@/lib/api/handler";
import { createFailureRule } from "@/lib/failure-rules/create-failure-rule";
import { listFailureRules } from "@/lib/failure-rules/queries";

// GET /api/projects/{projectId}/failure-rules — the known-failure rules, oldest first (members)
export const GET = projectRoute(async ({ ctx }) => json(await listFailureRules(ctx)));

// POST /api/projects/{projectId}/failure-rules — {name, pattern, field, defect, expiresAt} (ADMIN)
export const POST = projectRoute(async ({ ctx, body }) => created(await createFailureRule({ ctx, input: await body() })));
