import { PHASE_PRODUCTION_BUILD } from "next/constants";

/** Migrates, creates the admin and seeds the demo before the server takes requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  // First, so that no request is served without its socket address (the per-IP sign-in limit keys on it).
  const { stampPeerAddresses } = await import("./lib/startup/peer-address");
  stampPeerAddresses();
  const { startServer } = await import("./lib/startup/start-server");
  await startServer();
}
