import { created, json, projectRoute } from "@/lib/api/handler";
import { fileJiraDefect } from "@/lib/defects/file-jira-defect";

type Params = { projectId: string; runId: string; entryId: string };

// POST /api/projects/{projectId}/test-runs/{runId}/entries/{entryId}/defects/jira — file a Jira issue for a failed entry and link it
export const POST = projectRoute<Params>(async ({ req, ctx, params, body }) => {
  const input = req.headers.get("content-length") === "0" || !req.headers.get("content-type") ? {} : await body();
  const { defect, created: isNew } = await fileJiraDefect({ ctx, runId: params.runId, entryId: params.entryId, input });
  return isNew ? created(defect) : json(defect);
});
