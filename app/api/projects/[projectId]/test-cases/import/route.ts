import { json, projectRoute } from "@/lib/api/handler";
import { importCases, readCsvBody } from "@/lib/cases/import-cases";

// POST /api/projects/{projectId}/test-cases/import — create and update cases from CSV (all rows or none)
export const POST = projectRoute(async ({ ctx, req }) => json(await importCases({ ctx, input: await readCsvBody(req) })));
