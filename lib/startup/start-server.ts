import fs from "node:fs";
import path from "node:path";
import { closeDb, getDb, isEmbedded, pgliteDir } from "@/db/client";
import { embeddedHolderPid, migrateDatabase, serverPidFile } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { ConfigError, ensureAuthSecret } from "@/lib/auth/secret";
import { ensureEncryptionKey } from "@/lib/crypto/encryption-key";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { loadEnv } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { startRunSweeper } from "@/lib/runs/sweep-stale-runs";
import { startInstanceNotifier, stopInstanceNotifier } from "@/lib/notify/start";
import { analyzeNewTables } from "@/lib/statistics/refresh-statistics";
import { startEmbeddedAnalyze } from "./embedded-analyze";
import { ensureAdmin } from "./ensure-admin";
import { registerBootstrapKey } from "./register-bootstrap-key";

/** Runs once per server process before it serves requests (instrumentation.ts). */
export async function startServer(): Promise<void> {
  try {
    const env = loadEnv();
    ensureAuthSecret();
    ensureEncryptionKey();
    if (isEmbedded()) claimEmbeddedDatabase();
    await migrateDatabase();
    const db = getDb();
    await analyzeNewTables(db);
    const admin = await ensureAdmin(db, { email: env.QA_STUDIO_ADMIN_EMAIL, password: env.QA_STUDIO_ADMIN_PASSWORD });
    if (env.QA_STUDIO_BOOTSTRAP_API_KEY) await registerBootstrapKey(db, admin.id, env.QA_STUDIO_BOOTSTRAP_API_KEY);
    const demo = env.QA_STUDIO_DEMO ?? true ? await seedDemo(db, { ownerId: admin.id, encryptSecret: (plaintext) => encryptSecret(plaintext) }) : null;
    startRunSweeper(db, env.QA_STUDIO_RUN_TIMEOUT_MINUTES);
    await startInstanceNotifier();
    if (isEmbedded()) startEmbeddedAnalyze(db);
    const url = env.QA_STUDIO_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
    const password = admin.generatedPassword
      ? `${admin.generatedPassword}   (generated; shown only this once, so note it down)`
      : admin.created
        ? "the value of QA_STUDIO_ADMIN_PASSWORD"
        : "your existing password (lost it? stop the server and run `npm run admin:reset-password`)";
    const database = isEmbedded() ? `embedded PGlite in ${pgliteDir() ?? "memory"}` : "PostgreSQL (DATABASE_URL)";
    logger().info({ url, admin: admin.email, database, demo: Boolean(demo) }, "QA Studio is ready");
    // The sign-in instructions are for the person at the terminal, as plain text; the structured
    // log above carries no password.
    process.stdout.write(
      [
        "",
        `  QA Studio is ready on ${url}`,
        `  Sign in as ${admin.email} with password: ${password}`,
        `  Database: ${database}`,
        ...(demo ? [`  Seeded the demo project "Demo Shop" (key DEMO).`] : []),
        "",
        "",
      ].join("\n"),
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      logger().fatal(err.message);
      process.stderr.write(`\n${err.message}\n\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** PGlite must be opened by one process only; a second server on the same data directory is refused. */
function claimEmbeddedDatabase(): void {
  const file = serverPidFile();
  if (!file) return;
  const holder = embeddedHolderPid();
  if (holder) {
    throw new ConfigError(
      `The embedded database in ${pgliteDir()} is already used by process ${holder}. ` +
        "PGlite allows one process at a time: stop that server, or set QA_STUDIO_DATA_DIR to another directory.",
    );
  }
  fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
  fs.writeFileSync(/*turbopackIgnore: true*/ file, String(process.pid));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      // Close PGlite cleanly so its files are consistent, then let the process end.
      stopInstanceNotifier()
        .catch(() => {})
        .finally(() => closeDb().finally(() => process.exit(0)));
    });
  }
  process.on("exit", () => {
    try {
      if (fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim() === String(process.pid)) fs.unlinkSync(/*turbopackIgnore: true*/ file);
    } catch {
      // already gone
    }
  });
}
