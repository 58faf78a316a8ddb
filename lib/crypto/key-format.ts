// No database or Node-only imports: lib/env.ts validates the variable with this.

export const ENCRYPTION_KEY_BYTES = 32;

/**
 * QA_STUDIO_ENCRYPTION_KEY as bytes: 32 bytes written as 64 hex characters, or as base64 /
 * base64url (43 or 44 characters). Returns null for anything else.
 */
export function parseEncryptionKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(v)) return null;
  const bytes = Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === ENCRYPTION_KEY_BYTES ? bytes : null;
}

export const ENCRYPTION_KEY_HELP = "Must be 32 random bytes as base64 or hex; try `openssl rand -base64 32`";
