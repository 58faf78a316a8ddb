import { projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { exportCasesCsv } from "@/lib/cases/export-cases";
import { CaseExportQuery } from "@/lib/cases/schemas";

// GET /api/projects/{projectId}/test-cases/export.csv — the filtered cases as CSV
export const GET = projectRoute(async ({ ctx, query }) => {
  const csv = await exportCasesCsv(ctx, parse(CaseExportQuery, query));
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.project.key}-test-cases.csv"`,
    },
  });
});
