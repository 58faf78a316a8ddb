import { AppError, errorBody } from "@/lib/errors";
import { readiness } from "@/lib/health/readiness";

// Readiness, for load balancers: no authentication (it reveals no data), so it skips the handler
// wrapper, which resolves a caller.
export const dynamic = "force-dynamic";

// GET /api/ready — database, migrations and job queue (public)
export async function GET(): Promise<Response> {
  const { ready, checks } = await readiness();
  const headers = { "cache-control": "no-store" };
  if (ready) return Response.json({ status: "ready", checks }, { headers });
  const failing = Object.entries(checks).filter(([, c]) => !c.ok);
  const error = new AppError(
    "NOT_READY",
    `Not ready: ${failing.map(([name, c]) => `${name}: ${c.message}`).join(" ")}`,
    failing.map(([name, c]) => ({ field: name, message: c.message })),
  );
  // The one error shape: `details` names each failing check, with its reason.
  return Response.json(errorBody(error), { status: 503, headers });
}
