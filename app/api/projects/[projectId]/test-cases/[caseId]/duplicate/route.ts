import { created, projectRoute } from "@/lib/api/handler";
import { duplicateCase } from "@/lib/cases/duplicate-case";

// POST /api/projects/{projectId}/test-cases/{caseId}/duplicate — copy a case under a new key
export const POST = projectRoute<{ projectId: string; caseId: string }>(async ({ ctx, params }) =>
  created(await duplicateCase({ ctx, caseRef: params.caseId })),
);
