import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDb } from "@/db/client";
import { loadEnv } from "@/lib/env";
import { claimEmbeddedForCommand } from "./embedded-claim";
import { counted, DataTransferError } from "./format";

/**
 * What `npm run data:export` and `npm run data:import` share: one file argument, the environment,
 * the embedded database claimed for the command, the connection closed afterwards, and a refusal
 * (DataTransferError) printed as one line with exit code 1. Runs only when `moduleUrl` is the
 * script node was started with.
 */
export function runTransferCommand(opts: {
  moduleUrl: string;
  verb: "export" | "import";
  usage: string;
  /** Checks before the embedded database is claimed. */
  precheck?: () => void;
  run: (file: string) => Promise<void>;
}): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(opts.moduleUrl)) return;
  const main = async () => {
    const file = process.argv[2];
    if (!file || process.argv.length > 3) {
      console.error(`Usage: ${opts.usage}`);
      process.exit(2);
    }
    loadEnv();
    opts.precheck?.();
    const release = claimEmbeddedForCommand(`npm run data:${opts.verb}`);
    try {
      await opts.run(path.resolve(file));
    } finally {
      await closeDb();
      release();
    }
  };
  main().catch((err) => {
    console.error(err instanceof DataTransferError ? `${opts.verb === "export" ? "Export" : "Import"} failed: ${err.message}` : err);
    process.exit(1);
  });
}

/** "1,204 rows of 31 tables and 3 attachments (52,113 bytes)". */
export function describeTransfer(summary: { tables: Record<string, number>; files: number; fileBytes: number }): string {
  const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
  return `${counted(rows, "row")} of ${counted(Object.keys(summary.tables).length, "table")} and ${counted(summary.files, "attachment")} (${counted(summary.fileBytes, "byte")})`;
}
