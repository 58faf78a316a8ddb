import { createHmac } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, isEmbedded } from "@/db/client";
import { parseEncryptionKey } from "@/lib/crypto/key-format";

/**
 * The encryption key this process would use, without generating one: QA_STUDIO_ENCRYPTION_KEY,
 * else (embedded) the key the server generated into the data directory. Null when there is none.
 */
export function configuredEncryptionKey(): Buffer | null {
  const configured = process.env.QA_STUDIO_ENCRYPTION_KEY;
  if (configured) return parseEncryptionKey(configured) ?? null;
  if (!isEmbedded() || dataDir() === ":memory:") return null;
  const file = path.join(dataDir(), "encryption-key");
  if (!fs.existsSync(file)) return null;
  return parseEncryptionKey(fs.readFileSync(file, "utf8").trim()) ?? null;
}

/**
 * A check value that tells whether two keys are the same without revealing either: an HMAC
 * of a fixed label under the key, cut to 64 bits.
 */
export function encryptionKeyCheck(key: Buffer | null): string | null {
  return key && createHmac("sha256", key).update("qa-studio export key check").digest("hex").slice(0, 16);
}
