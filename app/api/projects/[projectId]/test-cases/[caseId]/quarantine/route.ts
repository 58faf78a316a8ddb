import { created, noContent, projectRoute } from "@/lib/api/handler";
import { liftQuarantine } from "@/lib/quarantine/lift-quarantine";
import { quarantineCase } from "@/lib/quarantine/quarantine-case";

type Params = { projectId: string; caseId: string };

// POST /api/projects/{projectId}/test-cases/{caseId}/quarantine — quarantine a case {reason, ownerId, expiresAt} (TESTER)
export const POST = projectRoute<Params>(async ({ ctx, params, body }) => created(await quarantineCase({ ctx, caseRef: params.caseId, input: await body() })));

// DELETE /api/projects/{projectId}/test-cases/{caseId}/quarantine — lift the case's active quarantine (TESTER)
export const DELETE = projectRoute<Params>(async ({ ctx, params }) => {
  await liftQuarantine({ ctx, caseRef: params.caseId });
  return noContent();
});
