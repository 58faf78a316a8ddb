import { PHASE_PRODUCTION_BUILD } from "next/constants";

/** Migrates, creates the admin and seeds the demo before the server takes requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  const { startServer } = await import("./lib/startup/start-server");
  await startServer();
}
