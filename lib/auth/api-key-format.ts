import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PATTERN = /^qas_[A-Za-z0-9_-]{43,}$/;

/** `qas_` followed by 32 random bytes in base64url (43 characters). */
export function generateApiKey(): string {
  return `qas_${randomBytes(32).toString("base64url")}`;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, 12);
}
