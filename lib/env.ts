import { z } from "zod";
import { API_KEY_PATTERN } from "@/lib/auth/api-key-format";
import { ConfigError } from "@/lib/auth/secret";

const optional = <S extends z.ZodType<string>>(s: S) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());
const flag = z
  .enum(["0", "1", "true", "false", "yes", "no", "on", "off"], { error: "Use 1/0, true/false, yes/no or on/off" })
  .optional()
  .transform((v) => (v === undefined ? undefined : ["1", "true", "yes", "on"].includes(v)));

/** Every environment variable QA Studio reads, validated once at start-up. */
export const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "Must be a postgres:// or postgresql:// URL")),
  QA_STUDIO_DATA_DIR: optional(z.string()),
  QA_STUDIO_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  AUTH_SECRET: optional(z.string().min(32, "Must be at least 32 characters; try `openssl rand -base64 32`")),
  QA_STUDIO_PUBLIC_URL: optional(z.url({ error: "Must be an absolute URL such as https://qa.example.com" })),
  QA_STUDIO_ADMIN_EMAIL: optional(z.email({ error: "Must be an email address" })),
  QA_STUDIO_ADMIN_PASSWORD: optional(z.string().min(8, "Must be at least 8 characters")),
  QA_STUDIO_BOOTSTRAP_API_KEY: optional(z.string().regex(API_KEY_PATTERN, "Must be qas_ followed by at least 43 base64url characters")),
  QA_STUDIO_DEMO: flag,
});
export type Env = z.infer<typeof Env>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = Env.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
  throw new ConfigError(`QA Studio cannot start; fix these environment variables:\n${lines.join("\n")}`);
}
