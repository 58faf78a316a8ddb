import { json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { previewSelection } from "@/lib/entries/plan-entries";
import { SelectionPreviewQuery } from "@/lib/entries/selection";

// GET /api/projects/{projectId}/test-cases/selection — how many cases a run-planning filter selects, and the first few
export const GET = projectRoute(async ({ ctx, query }) => json(await previewSelection(ctx, parse(SelectionPreviewQuery, query))));
