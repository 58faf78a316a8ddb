import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { encryptionKey } from "./encryption-key";

/** A secret encrypted with AES-256-GCM; every field is base64. Store all three, never the plaintext. */
export type SecretBox = { ciphertext: string; iv: string; authTag: string };

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts under QA_STUDIO_ENCRYPTION_KEY with a fresh random IV, so equal secrets never look alike. */
export function encryptSecret(plaintext: string, key: Buffer = encryptionKey()): SecretBox {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { ciphertext: ciphertext.toString("base64"), iv: iv.toString("base64"), authTag: cipher.getAuthTag().toString("base64") };
}

/**
 * Decrypts a box written by encryptSecret. A box that was altered, or written under another key,
 * fails authentication; that is a server configuration problem, never the caller's input.
 */
export function decryptSecret(box: SecretBox, key: Buffer = encryptionKey()): string {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(box.iv, "base64"), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(box.authTag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError(
      "INTERNAL",
      "A stored secret could not be decrypted: it was written under a different QA_STUDIO_ENCRYPTION_KEY, or altered.",
    );
  }
}
