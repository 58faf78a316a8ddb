import { buildOpenApiDocument } from "@/lib/openapi/document";

// Public documentation: no auth, no database, so it deliberately skips the lib/api/handler wrapper.
let body: string | undefined;

// GET /api/openapi.json — the OpenAPI 3.1 document for this API (public)
export function GET(): Response {
  body ??= JSON.stringify(buildOpenApiDocument());
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    },
  });
}
