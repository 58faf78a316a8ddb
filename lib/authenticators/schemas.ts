import { z } from "zod";
import { Id, Timestamp } from "@/lib/api/schemas";

export const TOTP_ALGORITHMS = ["SHA1", "SHA256", "SHA512"] as const;
export const TotpAlgorithm = z.enum(TOTP_ALGORITHMS);
export type TotpAlgorithm = z.infer<typeof TotpAlgorithm>;

/** A token is shown on cases tagged with its name, so a name follows the tag rules. */
export const TokenName = z
  .string()
  .trim()
  .min(1, "Must not be empty")
  .max(50)
  .regex(/^[^;,]+$/, 'Must not contain ";" or "," (the name is used as a case tag)');

const Secret = z.string().trim().min(1, "Must not be empty").max(1024);
const OtpauthUri = z.string().trim().min(1, "Must not be empty").max(2048);
const Digits = z.number().int().min(6, "Must be 6, 7 or 8").max(8, "Must be 6, 7 or 8");
const Period = z.number().int().min(1).max(3600, "Must be at most 3600 seconds");
const Label = z.string().trim().max(200);

const tokenFields = {
  name: TokenName,
  /** A Base32 secret, as an authenticator app's "enter a setup key" shows it. */
  secret: Secret.optional(),
  /** Or the otpauth://totp/... URI from the QR code; its parameters apply unless given explicitly. */
  otpauthUri: OtpauthUri.optional(),
  algorithm: TotpAlgorithm.optional(),
  digits: Digits.optional(),
  period: Period.optional(),
  issuer: Label.optional(),
  account: Label.optional(),
};

const oneSecret = (v: { secret?: string; otpauthUri?: string }) => !(v.secret !== undefined && v.otpauthUri !== undefined);
const ONE_SECRET = { message: "Give either secret or otpauthUri, not both", path: ["otpauthUri"] };

export const CreateAuthenticatorTokenInput = z
  .strictObject(tokenFields)
  .refine(oneSecret, ONE_SECRET)
  .refine((v) => v.secret !== undefined || v.otpauthUri !== undefined, { message: "Give a Base32 secret or an otpauth:// URI", path: ["secret"] });
export type CreateAuthenticatorTokenInput = z.input<typeof CreateAuthenticatorTokenInput>;

export const UpdateAuthenticatorTokenInput = z.strictObject({ ...tokenFields, name: TokenName.optional() }).refine(oneSecret, ONE_SECRET);
export type UpdateAuthenticatorTokenInput = z.input<typeof UpdateAuthenticatorTokenInput>;

/** A stored token as the API shows it: everything but the secret, which is never returned. */
export const AuthenticatorToken = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  issuer: z.string(),
  account: z.string(),
  algorithm: TotpAlgorithm,
  digits: z.number().int(),
  period: z.number().int(),
  createdBy: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AuthenticatorToken = z.infer<typeof AuthenticatorToken>;

export const TotpCode = z.object({
  code: z.string(),
  /** Seconds until the code changes. */
  timeRemaining: z.number().int(),
  period: z.number().int(),
  digits: z.number().int(),
});
export type TotpCode = z.infer<typeof TotpCode>;
