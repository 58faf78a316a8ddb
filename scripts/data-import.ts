import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDb, getDb, isEmbedded, pgliteDir } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { attachmentStorage } from "../lib/attachments/storage";
import { claimEmbeddedForCommand } from "../lib/data-transfer/embedded-claim";
import { counted, DataTransferError } from "../lib/data-transfer/format";
import { importData } from "../lib/data-transfer/import-data";
import { configuredEncryptionKey } from "../lib/data-transfer/key-check";
import { loadEnv } from "../lib/env";

/**
 * `npm run data:import -- <file>`: restores an export of `npm run data:export` into an empty
 * database (DATABASE_URL, or the embedded one in QA_STUDIO_DATA_DIR). It migrates the target
 * itself, so run it before the server has ever started on that database.
 */
async function main() {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("Usage: npm run data:import -- <file>");
    process.exit(2);
  }
  loadEnv();
  const release = claimEmbeddedForCommand("npm run data:import");
  try {
    await migrateDatabase();
    const summary = await importData({
      db: getDb(),
      storage: attachmentStorage(),
      file: path.resolve(file),
      encryptionKey: configuredEncryptionKey(),
      onProgress: (message) => console.log(`  ${message}`),
    });
    const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
    const target = isEmbedded() ? `the embedded database in ${pgliteDir()}` : "the PostgreSQL database in DATABASE_URL";
    console.log(`Imported ${counted(rows, "row")} of ${counted(Object.keys(summary.tables).length, "table")} and ${counted(summary.files, "attachment")} (${counted(summary.fileBytes, "byte")}) into ${target}.`);
    console.log("Start the server: everyone signs in with their usual password or API key (browser sessions signed with another AUTH_SECRET end).");
  } finally {
    await closeDb();
    release();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof DataTransferError ? `Import failed: ${err.message}` : err);
    process.exit(1);
  });
}
