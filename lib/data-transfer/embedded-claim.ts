import fs from "node:fs";
import path from "node:path";
import { isEmbedded, pgliteDir } from "@/db/client";
import { embeddedHolderPid, serverPidFile } from "@/db/migrate";
import { DataTransferError } from "./format";

/**
 * PGlite may be opened by one process at a time. A command on the embedded database refuses
 * while the server holds it, and holds it itself (the server's pid file) until it is done, so a
 * server started meanwhile refuses instead. Returns the release function; a no-op on PostgreSQL.
 */
export function claimEmbeddedForCommand(command: string): () => void {
  if (!isEmbedded()) return () => {};
  const file = serverPidFile();
  if (!file) throw new DataTransferError(`${command} needs a database on disk: set QA_STUDIO_DATA_DIR to a directory, or DATABASE_URL.`);
  const holder = embeddedHolderPid();
  if (holder) {
    throw new DataTransferError(
      `The embedded database in ${pgliteDir()} is held by the running server (pid ${holder}); PGlite allows one process at a time. ` +
        `Stop the server, run ${command}, then start it again.`,
    );
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, String(process.pid));
  return () => {
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.rmSync(file, { force: true });
  };
}
