import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { dataDir, isEmbedded } from "@/db/client";

export class ConfigError extends Error {}

/**
 * Auth.js signs sessions with AUTH_SECRET. Embedded installs get one generated and kept in the
 * data directory; a production server must be given one, or every restart would log everyone out.
 */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (!isEmbedded()) {
    throw new ConfigError(
      "AUTH_SECRET is not set. With DATABASE_URL (production mode) QA Studio needs a fixed secret to sign sessions; " +
        "generate one with `openssl rand -base64 32` and set AUTH_SECRET.",
    );
  }
  const dir = dataDir() === ":memory:" ? undefined : dataDir();
  if (!dir) {
    process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
    return process.env.AUTH_SECRET;
  }
  const file = path.join(dir, "auth-secret");
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
  return process.env.AUTH_SECRET;
}
