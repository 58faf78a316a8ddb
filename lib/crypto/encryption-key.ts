import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { dataDir, isEmbedded } from "@/db/client";
import { ConfigError } from "@/lib/auth/secret";
import { ENCRYPTION_KEY_BYTES, ENCRYPTION_KEY_HELP, parseEncryptionKey } from "./key-format";

/**
 * Stored secrets (authenticator seeds, tracker tokens) are encrypted under this key. Embedded
 * installs get one generated and kept in the data directory beside the auth secret; a production
 * server must be given one, or the secrets it stored could not be read after a restart elsewhere.
 */
export function ensureEncryptionKey(): string {
  const configured = process.env.QA_STUDIO_ENCRYPTION_KEY;
  if (configured) {
    if (!parseEncryptionKey(configured)) throw new ConfigError(`QA_STUDIO_ENCRYPTION_KEY is malformed. ${ENCRYPTION_KEY_HELP}.`);
    return configured;
  }
  if (!isEmbedded()) {
    throw new ConfigError(
      "QA_STUDIO_ENCRYPTION_KEY is not set. With DATABASE_URL (production mode) QA Studio needs a fixed key to encrypt " +
        "stored secrets such as authenticator codes; generate one with `openssl rand -base64 32` and set QA_STUDIO_ENCRYPTION_KEY. " +
        "Keep it safe: secrets stored under a lost key cannot be recovered.",
    );
  }
  const generated = () => randomBytes(ENCRYPTION_KEY_BYTES).toString("base64");
  if (dataDir() === ":memory:") {
    process.env.QA_STUDIO_ENCRYPTION_KEY = generated();
    return process.env.QA_STUDIO_ENCRYPTION_KEY;
  }
  const dir = dataDir();
  const file = path.join(dir, "encryption-key");
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, generated(), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const stored = fs.readFileSync(file, "utf8").trim();
  if (!parseEncryptionKey(stored)) throw new ConfigError(`${file} does not hold a valid encryption key. ${ENCRYPTION_KEY_HELP}.`);
  process.env.QA_STUDIO_ENCRYPTION_KEY = stored;
  return stored;
}

/** The key as bytes, resolving (and in embedded mode creating) it on first use. */
export function encryptionKey(): Buffer {
  const key = parseEncryptionKey(ensureEncryptionKey());
  if (!key) throw new ConfigError(`QA_STUDIO_ENCRYPTION_KEY is malformed. ${ENCRYPTION_KEY_HELP}.`);
  return key;
}
