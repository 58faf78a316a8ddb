import { ValidationError } from "@/lib/errors";
import { normalizeBase32, parseOtpauthUri, type TotpParams } from "./totp";
import type { TotpAlgorithm } from "./schemas";

type SecretInput = {
  secret?: string;
  otpauthUri?: string;
  algorithm?: TotpAlgorithm;
  digits?: number;
  period?: number;
  issuer?: string;
  account?: string;
};

/**
 * The Base32 secret and parameters a create or update stores. From a URI its parameters apply
 * unless the input gives them explicitly; a bare secret takes the input's or the defaults.
 */
export function resolveSecret(input: SecretInput): ({ secret: string; issuer?: string; account?: string } & Partial<TotpParams>) | null {
  if (input.otpauthUri !== undefined) {
    const uri = parseOtpauthUri(input.otpauthUri);
    return {
      secret: uri.secret,
      issuer: input.issuer ?? uri.issuer,
      account: input.account ?? uri.account,
      algorithm: input.algorithm ?? uri.algorithm,
      digits: input.digits ?? uri.digits,
      period: input.period ?? uri.period,
    };
  }
  if (input.secret === undefined) return null;
  const secret = normalizeBase32(input.secret);
  if (!secret) throw ValidationError.field("secret", "Must be a Base32 secret (letters A–Z and digits 2–7)");
  return { secret };
}
