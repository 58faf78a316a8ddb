import { createHmac } from "node:crypto";
import { ValidationError } from "@/lib/errors";
import { TOTP_ALGORITHMS, type TotpAlgorithm } from "./schemas";

/** RFC 4648 Base32, the alphabet authenticator apps use for secrets. */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * Decodes a Base32 secret as people paste it: any case, spaces or dashes between groups,
 * with or without "=" padding. Returns null when it is not Base32.
 */
export function decodeBase32(input: string): Buffer | null {
  const clean = input.replace(/[\s-]/g, "").replace(/=+$/, "").toUpperCase();
  if (!clean || !/^[A-Z2-7]+$/.test(clean)) return null;
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    value = (value << 5) | BASE32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** The Base32 secret in its canonical form (upper case, no separators or padding), or null. */
export function normalizeBase32(input: string): string | null {
  const bytes = decodeBase32(input);
  return bytes && bytes.length > 0 ? encodeBase32(bytes) : null;
}

export type TotpParams = { algorithm: TotpAlgorithm; digits: number; period: number };

/** RFC 4226 HOTP: HMAC of the 8-byte big-endian counter, dynamically truncated to `digits`. */
export function hotp(key: Uint8Array, counter: number, algorithm: TotpAlgorithm, digits: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm.toLowerCase(), key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** RFC 6238 TOTP at a moment (milliseconds since the epoch), with the seconds left in its period. */
export function totp(key: Uint8Array, params: TotpParams, atMs: number = Date.now()): { code: string; timeRemaining: number } {
  const seconds = Math.floor(atMs / 1000);
  const counter = Math.floor(seconds / params.period);
  return { code: hotp(key, counter, params.algorithm, params.digits), timeRemaining: params.period - (seconds % params.period) };
}

export type OtpauthParts = { secret: string; issuer: string; account: string } & TotpParams;

/**
 * Reads an `otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=...&digits=...&period=...`
 * URI (the Key URI Format that QR codes carry). Missing parameters take the authenticator
 * defaults (SHA1, 6 digits, 30 seconds); `field` names the input in errors.
 */
export function parseOtpauthUri(uri: string, field = "otpauthUri"): OtpauthParts {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    throw ValidationError.field(field, "Must be an otpauth:// URI");
  }
  if (url.protocol !== "otpauth:") throw ValidationError.field(field, "Must be an otpauth:// URI");
  if (url.hostname.toLowerCase() !== "totp") {
    throw ValidationError.field(field, url.hostname.toLowerCase() === "hotp" ? "Counter-based (HOTP) codes are not supported; use a TOTP URI" : "Must be an otpauth://totp/ URI");
  }
  const q = url.searchParams;
  const secret = normalizeBase32(q.get("secret") ?? "");
  if (!secret) throw ValidationError.field(field, "The secret parameter is missing or is not Base32");
  const algorithm = (q.get("algorithm") ?? "SHA1").toUpperCase();
  if (!(TOTP_ALGORITHMS as readonly string[]).includes(algorithm)) throw ValidationError.field(field, "algorithm must be SHA1, SHA256 or SHA512");
  const digits = Number(q.get("digits") ?? 6);
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw ValidationError.field(field, "digits must be 6, 7 or 8");
  const period = Number(q.get("period") ?? 30);
  if (!Number.isInteger(period) || period < 1 || period > 3600) throw ValidationError.field(field, "period must be a whole number of seconds from 1 to 3600");
  const label = decodeURIComponent(url.pathname.replace(/^\/+/, ""));
  const colon = label.indexOf(":");
  const labelIssuer = colon >= 0 ? label.slice(0, colon).trim() : "";
  const account = (colon >= 0 ? label.slice(colon + 1) : label).trim();
  return { secret, issuer: (q.get("issuer") ?? labelIssuer).trim(), account, algorithm: algorithm as TotpAlgorithm, digits, period };
}
