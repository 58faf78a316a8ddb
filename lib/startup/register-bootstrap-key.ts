import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { apiKeyPrefix, hashApiKey } from "@/lib/auth/api-key-format";

/**
 * Registers QA_STUDIO_BOOTSTRAP_API_KEY for the admin. Idempotent: a key already registered
 * (even one revoked since) is left as it is, so revoking it in the UI sticks across restarts.
 */
export async function registerBootstrapKey(db: Db, userId: string, key: string): Promise<boolean> {
  const rows = await db
    .insert(apiKeys)
    .values({
      userId,
      name: "Bootstrap key (QA_STUDIO_BOOTSTRAP_API_KEY)",
      prefix: apiKeyPrefix(key),
      keyHash: hashApiKey(key),
    })
    .onConflictDoNothing()
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
