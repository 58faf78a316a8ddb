import { timingSafeEqual } from "node:crypto";
import { AppError, NotFoundError, errorBody, ERROR_STATUS } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";

// Prometheus scrapes with a shared token, not a user's session or API key, so this route skips the
// handler wrapper. Without QA_STUDIO_METRICS_TOKEN the endpoint does not exist (404).
export const dynamic = "force-dynamic";

// GET /api/metrics — Prometheus text format (Authorization: Bearer $QA_STUDIO_METRICS_TOKEN)
export async function GET(req: Request): Promise<Response> {
  const token = process.env.QA_STUDIO_METRICS_TOKEN;
  if (!token) return fail(new NotFoundError("Route"));
  const given = /^Bearer (.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!sameSecret(given, token)) {
    return fail(new AppError("UNAUTHENTICATED", "Send Authorization: Bearer with the value of QA_STUDIO_METRICS_TOKEN."), { "www-authenticate": 'Bearer realm="metrics"' });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function fail(err: AppError, headers: Record<string, string> = {}): Response {
  return Response.json(errorBody(err), { status: ERROR_STATUS[err.code], headers });
}
