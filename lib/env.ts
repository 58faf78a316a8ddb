import { z } from "zod";
import { API_KEY_PATTERN } from "@/lib/auth/api-key-format";
import { parseTrustedProxies, type TrustedProxies } from "@/lib/auth/client-address";
import { ConfigError } from "@/lib/auth/secret";
import { ENCRYPTION_KEY_HELP, parseEncryptionKey } from "@/lib/crypto/key-format";

const optional = <S extends z.ZodType<string>>(s: S) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());
const flag = z
  .enum(["0", "1", "true", "false", "yes", "no", "on", "off"], { error: "Use 1/0, true/false, yes/no or on/off" })
  .optional()
  .transform((v) => (v === undefined ? undefined : ["1", "true", "yes", "on"].includes(v)));

/** The OIDC provider is configured by these three together, or not at all. */
export const OIDC_REQUIRED = ["QA_STUDIO_OIDC_ISSUER", "QA_STUDIO_OIDC_CLIENT_ID", "QA_STUDIO_OIDC_CLIENT_SECRET"] as const;
const OIDC_OPTIONAL = ["QA_STUDIO_OIDC_NAME", "QA_STUDIO_OIDC_CREATE_USERS"] as const;

const OidcFields = {
  QA_STUDIO_OIDC_ISSUER: optional(
    z
      .url({ protocol: /^https?$/, error: "Must be the issuer's absolute http(s) URL, such as https://accounts.google.com" })
      .refine((u) => !/[?#]/.test(u), "Must not contain a query or fragment"),
  ),
  QA_STUDIO_OIDC_CLIENT_ID: optional(z.string().trim().min(1)),
  QA_STUDIO_OIDC_CLIENT_SECRET: optional(z.string().min(1)),
  QA_STUDIO_OIDC_NAME: optional(z.string().trim().min(1).max(40, "Must be at most 40 characters (it is a button label)")),
  QA_STUDIO_OIDC_CREATE_USERS: flag,
};

function requireOidcTogether(v: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const set = [...OIDC_REQUIRED, ...OIDC_OPTIONAL].filter((k) => v[k] !== undefined);
  if (!set.length) return;
  for (const name of OIDC_REQUIRED) {
    if (v[name] !== undefined) continue;
    ctx.addIssue({
      code: "custom",
      path: [name],
      message: `Missing while ${set.join(", ")} ${set.length === 1 ? "is" : "are"} set; single sign-on needs ${OIDC_REQUIRED.join(", ")} together (or none of them)`,
    });
  }
}

/** Slack: one bot token for the instance, the signing secret for slash commands, an API base for proxies and tests. */
const SlackFields = {
  SLACK_BOT_TOKEN: optional(z.string().trim().regex(/^xox[a-z]-\S+$/, "Must be a Slack bot token (xoxb-...)")),
  SLACK_SIGNING_SECRET: optional(z.string().trim().min(16, "Must be the app's signing secret from Slack's Basic Information page")),
  SLACK_API_URL: optional(z.url({ protocol: /^https?$/, error: "Must be an absolute http(s) URL such as https://slack.com/api/" })),
  QA_STUDIO_NOTIFY_SCAN_SECONDS: z.coerce.number().int().min(1, "Must be at least 1 second").max(3600).default(60),
};
const SlackEnv = z.object(SlackFields);
export type SlackEnv = z.infer<typeof SlackEnv>;

/** The Slack and notification variables only, so a request never fails on an unrelated one. */
export function slackEnv(source: Record<string, string | undefined> = process.env): SlackEnv {
  const result = SlackEnv.safeParse(source);
  if (!result.success) throw problems(result.error);
  return result.data;
}

/** Integrations an admin points at a URL (Jira): https only, unless this is set (tests, labs). */
const IntegrationFields = {
  QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS: flag,
};
const IntegrationEnv = z.object(IntegrationFields);

/** Whether an integration may talk plain http; reads only its own variable, so a request never fails on another. */
export function allowInsecureIntegrations(source: Record<string, string | undefined> = process.env): boolean {
  const result = IntegrationEnv.safeParse(source);
  if (!result.success) throw problems(result.error);
  return result.data.QA_STUDIO_ALLOW_INSECURE_INTEGRATIONS ?? false;
}

/** Reverse proxies whose X-Forwarded-For is believed for the client's address (lib/auth/client-address.ts). */
const ProxyFields = {
  QA_STUDIO_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v, ctx): TrustedProxies => {
      try {
        return parseTrustedProxies(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `${(err as Error).message}. Use a hop count (1 for one proxy) or comma-separated address ranges, such as 10.0.0.0/8,fd00::/8` });
        return z.NEVER;
      }
    }),
};
const ProxyEnv = z.object(ProxyFields);

/** The trusted proxies; reads only this variable, so a sign-in never fails on an unrelated one. */
export function trustedProxies(source: Record<string, string | undefined> = process.env): TrustedProxies {
  const result = ProxyEnv.safeParse(source);
  if (!result.success) throw problems(result.error);
  return result.data.QA_STUDIO_TRUSTED_PROXIES;
}

/** Attachments in S3-compatible object storage: selected by the bucket; without it, files stay on the local disk. */
const S3Fields = {
  QA_STUDIO_S3_BUCKET: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "Must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens"),
  ),
  QA_STUDIO_S3_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: "Must be an absolute http(s) URL such as https://s3.eu-central-1.amazonaws.com or http://minio:9000" })),
  QA_STUDIO_S3_REGION: optional(z.string().trim().min(1).max(64)),
  QA_STUDIO_S3_ACCESS_KEY_ID: optional(z.string().trim().min(1)),
  QA_STUDIO_S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  QA_STUDIO_S3_FORCE_PATH_STYLE: flag,
};
export const S3_VARIABLES = Object.keys(S3Fields) as (keyof typeof S3Fields)[];

function requireS3Together(v: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const others = S3_VARIABLES.filter((k) => k !== "QA_STUDIO_S3_BUCKET" && v[k] !== undefined);
  if (others.length && v.QA_STUDIO_S3_BUCKET === undefined) {
    ctx.addIssue({ code: "custom", path: ["QA_STUDIO_S3_BUCKET"], message: `Missing while ${others.join(", ")} ${others.length === 1 ? "is" : "are"} set; object storage is selected by the bucket` });
  }
  const keyId = v.QA_STUDIO_S3_ACCESS_KEY_ID !== undefined;
  const secret = v.QA_STUDIO_S3_SECRET_ACCESS_KEY !== undefined;
  if (keyId !== secret) {
    const [missing, present] = keyId ? ["QA_STUDIO_S3_SECRET_ACCESS_KEY", "QA_STUDIO_S3_ACCESS_KEY_ID"] : ["QA_STUDIO_S3_ACCESS_KEY_ID", "QA_STUDIO_S3_SECRET_ACCESS_KEY"];
    ctx.addIssue({ code: "custom", path: [missing], message: `Missing while ${present} is set; give both, or neither to use the SDK's default credentials (IAM role, AWS_* variables)` });
  }
}

export type S3Settings = {
  bucket: string;
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
};

const S3Env = z.object(S3Fields).superRefine(requireS3Together);

/**
 * The object store for attachments, or null for the local disk. Reads only the S3 variables, so
 * a request never fails on an unrelated one (start-up validates them all).
 */
export function s3Settings(source: Record<string, string | undefined> = process.env): S3Settings | null {
  const result = S3Env.safeParse(source);
  if (!result.success) throw problems(result.error);
  const v = result.data;
  if (!v.QA_STUDIO_S3_BUCKET) return null;
  return {
    bucket: v.QA_STUDIO_S3_BUCKET,
    endpoint: v.QA_STUDIO_S3_ENDPOINT,
    region: v.QA_STUDIO_S3_REGION ?? "us-east-1",
    credentials:
      v.QA_STUDIO_S3_ACCESS_KEY_ID && v.QA_STUDIO_S3_SECRET_ACCESS_KEY
        ? { accessKeyId: v.QA_STUDIO_S3_ACCESS_KEY_ID, secretAccessKey: v.QA_STUDIO_S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: v.QA_STUDIO_S3_FORCE_PATH_STYLE ?? false,
  };
}

// Runs even when other variables are malformed, so that every problem is reported at once.
const always = { when: () => true };

/** Every environment variable QA Studio reads, validated once at start-up. */
export const Env = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "Must be a postgres:// or postgresql:// URL")),
    QA_STUDIO_DATA_DIR: optional(z.string()),
    QA_STUDIO_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
    LOG_LEVEL: optional(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "Must be one of fatal, error, warn, info, debug, trace, silent" })),
    QA_STUDIO_METRICS_TOKEN: optional(z.string().min(16, "Must be at least 16 characters; try `openssl rand -hex 24`")),
    QA_STUDIO_INGEST_CONCURRENCY: z.coerce.number().int().min(1, "Must be at least 1").max(200).optional(),
    AUTH_SECRET: optional(z.string().min(32, "Must be at least 32 characters; try `openssl rand -base64 32`")),
    QA_STUDIO_ENCRYPTION_KEY: optional(z.string().refine((v) => parseEncryptionKey(v) !== null, ENCRYPTION_KEY_HELP)),
    QA_STUDIO_PUBLIC_URL: optional(z.url({ error: "Must be an absolute URL such as https://qa.example.com" })),
    QA_STUDIO_ADMIN_EMAIL: optional(z.email({ error: "Must be an email address" })),
    QA_STUDIO_ADMIN_PASSWORD: optional(z.string().min(8, "Must be at least 8 characters")),
    QA_STUDIO_BOOTSTRAP_API_KEY: optional(z.string().regex(API_KEY_PATTERN, "Must be qas_ followed by at least 43 base64url characters")),
    QA_STUDIO_DEMO: flag,
    QA_STUDIO_RUN_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
    QA_STUDIO_FILES_DIR: optional(z.string()),
    // Sizes are stored as a 32-bit integer, so one attachment stays under 2 GiB.
    QA_STUDIO_MAX_ATTACHMENT_MB: z.coerce.number().positive("Must be a positive number of megabytes").max(2000).default(50),
    ...S3Fields,
    ...SlackFields,
    ...IntegrationFields,
    ...ProxyFields,
    ...OidcFields,
  })
  .superRefine(requireOidcTogether, always)
  .superRefine(requireS3Together, always);
export type Env = z.infer<typeof Env>;

function problems(error: z.ZodError): ConfigError {
  const lines = error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
  return new ConfigError(`QA Studio cannot start; fix these environment variables:\n${lines.join("\n")}`);
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = Env.safeParse(source);
  if (result.success) return result.data;
  throw problems(result.error);
}

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button label: "Sign in with <name>". */
  name: string;
  /** Whether a first sign-in with an unknown, verified email creates a user (default) or is refused. */
  createUsers: boolean;
};

const OidcEnv = z.object(OidcFields).superRefine(requireOidcTogether, always);

/**
 * The single sign-on provider, or null when it is not configured. Reads only the OIDC
 * variables, so a request never fails on an unrelated one (start-up validates them all).
 */
export function oidcSettings(source: Record<string, string | undefined> = process.env): OidcSettings | null {
  const result = OidcEnv.safeParse(source);
  if (!result.success) throw problems(result.error);
  const v = result.data;
  if (!v.QA_STUDIO_OIDC_ISSUER || !v.QA_STUDIO_OIDC_CLIENT_ID || !v.QA_STUDIO_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: v.QA_STUDIO_OIDC_ISSUER,
    clientId: v.QA_STUDIO_OIDC_CLIENT_ID,
    clientSecret: v.QA_STUDIO_OIDC_CLIENT_SECRET,
    name: v.QA_STUDIO_OIDC_NAME ?? "Single sign-on",
    createUsers: v.QA_STUDIO_OIDC_CREATE_USERS ?? true,
  };
}
