import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDb, getDb, isEmbedded, pgliteDir } from "../db/client";
import { attachmentStorage } from "../lib/attachments/storage";
import { claimEmbeddedForCommand } from "../lib/data-transfer/embedded-claim";
import { exportData } from "../lib/data-transfer/export-data";
import { counted, DataTransferError } from "../lib/data-transfer/format";
import { configuredEncryptionKey } from "../lib/data-transfer/key-check";
import { loadEnv } from "../lib/env";

/**
 * `npm run data:export -- <file>`: writes the whole installation (users, API keys, projects and
 * all their data, settings, the audit log, attachments) into one gzip file, from the database in
 * DATABASE_URL or the embedded one in QA_STUDIO_DATA_DIR. `npm run data:import` restores it.
 */
async function main() {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("Usage: npm run data:export -- <file>   (for example qa-studio-export.jsonl.gz)");
    process.exit(2);
  }
  loadEnv();
  if (isEmbedded() && !fs.existsSync(pgliteDir() ?? "")) throw new DataTransferError(`There is no embedded database in ${pgliteDir()} to export.`);
  const release = claimEmbeddedForCommand("npm run data:export");
  try {
    const summary = await exportData({
      db: getDb(),
      storage: attachmentStorage(),
      file: path.resolve(file),
      encryptionKey: configuredEncryptionKey(),
      onProgress: (message) => console.log(`  ${message}`),
    });
    const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
    console.log(
      `Exported ${counted(rows, "row")} of ${counted(Object.keys(summary.tables).length, "table")} and ${counted(summary.files, "attachment")} (${counted(summary.fileBytes, "byte")}) to ${file}.`,
    );
    if (summary.missingFiles) console.log(`${summary.missingFiles} attachments were already missing from storage; their rows are in the export.`);
    if (summary.encryptedSecrets) {
      console.log(
        `Stored secrets (${summary.encryptedSecrets}: Jira token, authenticator seeds) stay encrypted in the file: the installation you import ` +
          "into needs this one's QA_STUDIO_ENCRYPTION_KEY (embedded: the file encryption-key in QA_STUDIO_DATA_DIR).",
      );
    }
  } finally {
    await closeDb();
    release();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof DataTransferError ? `Export failed: ${err.message}` : err);
    process.exit(1);
  });
}
