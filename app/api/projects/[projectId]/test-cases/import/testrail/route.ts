import { json, projectRoute } from "@/lib/api/handler";
import { importTestRail, readTestRailBody } from "@/lib/cases/import-testrail";

// POST /api/projects/{projectId}/test-cases/import/testrail — TestRail's CSV (text/csv) or XML (application/xml) case export, all or nothing
export const POST = projectRoute(async ({ ctx, req }) => {
  const { format, text } = await readTestRailBody(req);
  return json(await importTestRail({ ctx, format, input: text }));
});
