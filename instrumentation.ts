import { PHASE_PRODUCTION_BUILD } from "next/constants";

/** Migrates, creates the admin and seeds the demo before the server takes requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  // First, so that no request is served without its socket address (the per-IP sign-in limit keys
  // on it), its request id and its log line.
  const { stampPeerAddresses } = await import("./lib/startup/peer-address");
  stampPeerAddresses();
  const { observeRequests } = await import("./lib/observability/request-log");
  observeRequests();
  const { startServer } = await import("./lib/startup/start-server");
  await startServer();
}
