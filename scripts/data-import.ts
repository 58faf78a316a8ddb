import { getDb, isEmbedded, pgliteDir } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { attachmentStorage } from "../lib/attachments/storage";
import { describeTransfer, runTransferCommand } from "../lib/data-transfer/command";
import { importData } from "../lib/data-transfer/import-data";
import { configuredEncryptionKey } from "../lib/data-transfer/key-check";

/**
 * `npm run data:import -- <file>`: restores an export of `npm run data:export` into an empty
 * database (DATABASE_URL, or the embedded one in QA_STUDIO_DATA_DIR). It migrates the target
 * itself, so run it before the server has ever started on that database.
 */
runTransferCommand({
  moduleUrl: import.meta.url,
  verb: "import",
  usage: "npm run data:import -- <file>",
  run: async (file) => {
    await migrateDatabase();
    const summary = await importData({
      db: getDb(),
      storage: attachmentStorage(),
      file,
      encryptionKey: configuredEncryptionKey(),
      onProgress: (message) => console.log(`  ${message}`),
    });
    const target = isEmbedded() ? `the embedded database in ${pgliteDir()}` : "the PostgreSQL database in DATABASE_URL";
    console.log(`Imported ${describeTransfer(summary)} into ${target}.`);
    console.log("Start the server: everyone signs in with their usual password or API key (browser sessions signed with another AUTH_SECRET end).");
  },
});
