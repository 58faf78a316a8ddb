import fs from "node:fs";
import { getDb, isEmbedded, pgliteDir } from "../db/client";
import { attachmentStorage } from "../lib/attachments/storage";
import { describeTransfer, runTransferCommand } from "../lib/data-transfer/command";
import { exportData } from "../lib/data-transfer/export-data";
import { DataTransferError } from "../lib/data-transfer/format";
import { configuredEncryptionKey } from "../lib/data-transfer/key-check";

/**
 * `npm run data:export -- <file>`: writes the whole installation (users, API keys, projects and
 * all their data, settings, the audit log, attachments) into one gzip file, from the database in
 * DATABASE_URL or the embedded one in QA_STUDIO_DATA_DIR. `npm run data:import` restores it.
 */
runTransferCommand({
  moduleUrl: import.meta.url,
  verb: "export",
  usage: "npm run data:export -- <file>   (for example qa-studio-export.jsonl.gz)",
  precheck: () => {
    if (isEmbedded() && !fs.existsSync(pgliteDir() ?? "")) throw new DataTransferError(`There is no embedded database in ${pgliteDir()} to export.`);
  },
  run: async (file) => {
    const summary = await exportData({
      db: getDb(),
      storage: attachmentStorage(),
      file,
      encryptionKey: configuredEncryptionKey(),
      onProgress: (message) => console.log(`  ${message}`),
    });
    console.log(`Exported ${describeTransfer(summary)} to ${file}.`);
    if (summary.missingFiles) console.log(`${summary.missingFiles} attachments were already missing from storage; their rows are in the export.`);
    if (summary.encryptedSecrets) {
      console.log(
        `Stored secrets (${summary.encryptedSecrets}: Jira token, authenticator seeds) stay encrypted in the file: the installation you import ` +
          "into needs this one's QA_STUDIO_ENCRYPTION_KEY (embedded: the file encryption-key in QA_STUDIO_DATA_DIR).",
      );
    }
  },
});
