import { projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { milestoneEntriesCsv } from "@/lib/milestones/export-entries";
import { findEnvironment } from "@/lib/milestones/summary";
import { SummaryQuery } from "@/lib/milestones/summary-schemas";

// GET /api/projects/{projectId}/milestones/{milestoneId}/entries.csv — the entries the summary counts, streamed as CSV (?environment=id or name)
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(async ({ ctx, params, query }) => {
  const { environment } = parse(SummaryQuery, query);
  const env = environment ? await findEnvironment(ctx, environment) : null;
  const lines = milestoneEntriesCsv(ctx, params.milestoneId, { environmentId: env?.id });
  // The first chunk (the header) comes after the permission and existence checks, so a 404 is still a 404.
  const first = await lines.next();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const file = `${ctx.project.key}-milestone-${params.milestoneId.slice(0, 8)}${env ? `-${env.name.replace(/[^\w.-]+/g, "_")}` : ""}-entries.csv`;
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${file}"`, "cache-control": "no-store" },
  });
});
