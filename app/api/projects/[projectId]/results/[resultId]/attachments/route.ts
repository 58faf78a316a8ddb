import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { PageParams } from "@/lib/api/schemas";
import { listResultAttachments } from "@/lib/attachments/queries";
import { uploadAttachment } from "@/lib/attachments/upload-attachment";

type Params = { projectId: string; resultId: string };

// GET /api/projects/{projectId}/results/{resultId}/attachments — a result's attachments in upload order
export const GET = projectRoute<Params>(async ({ ctx, params, query }) =>
  json(await listResultAttachments(ctx, params.resultId, parse(PageParams, query))),
);

// POST /api/projects/{projectId}/results/{resultId}/attachments — upload one file: raw bytes, type in Content-Type, name in ?name=
export const POST = projectRoute<Params>(async ({ req, ctx, params, query }) => {
  const input = { contentType: req.headers.get("content-type"), contentLength: req.headers.get("content-length"), query, body: req.body };
  return created(await uploadAttachment({ ctx, resultId: params.resultId, input }));
});
