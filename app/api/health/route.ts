// Liveness: answers while the process can serve HTTP at all. No authentication and no database,
// so a slow database never gets a healthy instance restarted (readiness is /api/ready).
export const dynamic = "force-dynamic";

// GET /api/health — liveness (public)
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
