import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/auth/secret";
import { ensureEncryptionKey } from "@/lib/crypto/encryption-key";
import { parseEncryptionKey } from "@/lib/crypto/key-format";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/errors";
import { loadEnv } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["QA_STUDIO_ENCRYPTION_KEY", "DATABASE_URL", "QA_STUDIO_DATA_DIR"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const key = randomBytes(32);

describe("secret box (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time and no plaintext in any field", () => {
    const secret = "JBSWY3DPEHPK3PXP — ünïcode";
    const a = encryptSecret(secret, key);
    const b = encryptSecret(secret, key);
    expect(decryptSecret(a, key)).toBe(secret);
    expect(decryptSecret(b, key)).toBe(secret);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(Buffer.from(a.iv, "base64")).toHaveLength(12);
    expect(Buffer.from(a.authTag, "base64")).toHaveLength(16);
    expect(JSON.stringify(a)).not.toContain("JBSWY3DP");
  });

  it("refuses a tampered ciphertext, a swapped tag and the wrong key", () => {
    const box = encryptSecret("top secret", key);
    const raw = Buffer.from(box.ciphertext, "base64");
    raw[0] ^= 1;
    expect(() => decryptSecret({ ...box, ciphertext: raw.toString("base64") }, key)).toThrow(AppError);
    const other = encryptSecret("top secret", key);
    expect(() => decryptSecret({ ...box, authTag: other.authTag }, key)).toThrow(/could not be decrypted/);
    expect(() => decryptSecret(box, randomBytes(32))).toThrow(/different QA_STUDIO_ENCRYPTION_KEY/);
  });

  it("uses QA_STUDIO_ENCRYPTION_KEY by default", () => {
    process.env.QA_STUDIO_ENCRYPTION_KEY = key.toString("hex");
    const box = encryptSecret("hello");
    expect(decryptSecret(box, key)).toBe("hello");
    process.env.QA_STUDIO_ENCRYPTION_KEY = randomBytes(32).toString("base64");
    expect(() => decryptSecret(box)).toThrow(AppError);
  });
});

describe("QA_STUDIO_ENCRYPTION_KEY", () => {
  it("accepts 32 bytes as hex, base64 or base64url and nothing else", () => {
    expect(parseEncryptionKey(key.toString("hex"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("base64"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("base64url"))).toEqual(key);
    expect(parseEncryptionKey(randomBytes(16).toString("base64"))).toBeNull();
    expect(parseEncryptionKey(randomBytes(31).toString("hex"))).toBeNull();
    expect(parseEncryptionKey("correct horse battery staple correct horse ba")).toBeNull();
  });

  it("is validated with the other variables at start-up", () => {
    expect(() => loadEnv({ QA_STUDIO_ENCRYPTION_KEY: "too-short" })).toThrow(/QA_STUDIO_ENCRYPTION_KEY: Must be 32 random bytes/);
    expect(loadEnv({ QA_STUDIO_ENCRYPTION_KEY: key.toString("base64") }).QA_STUDIO_ENCRYPTION_KEY).toBe(key.toString("base64"));
  });

  it("is required with DATABASE_URL, and the message says how to make one", () => {
    delete process.env.QA_STUDIO_ENCRYPTION_KEY;
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:5432/x";
    expect(() => ensureEncryptionKey()).toThrow(ConfigError);
    expect(() => ensureEncryptionKey()).toThrow(/QA_STUDIO_ENCRYPTION_KEY is not set[\s\S]*openssl rand -base64 32/);
    expect(() => encryptSecret("x")).toThrow(ConfigError);
  });

  it("is generated once in embedded mode and kept in the data directory", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qa-enc-key-"));
    delete process.env.QA_STUDIO_ENCRYPTION_KEY;
    delete process.env.DATABASE_URL;
    process.env.QA_STUDIO_DATA_DIR = dir;
    const first = ensureEncryptionKey();
    expect(parseEncryptionKey(first)).toHaveLength(32);
    const file = path.join(dir, "encryption-key");
    expect(fs.readFileSync(file, "utf8")).toBe(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const box = encryptSecret("survives a restart");
    delete process.env.QA_STUDIO_ENCRYPTION_KEY;
    expect(ensureEncryptionKey()).toBe(first);
    expect(decryptSecret(box)).toBe("survives a restart");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
