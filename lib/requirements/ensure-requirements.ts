import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { ProjectCtx } from "@/lib/context";
import { anyOf, rowsOf } from "@/lib/sql";
import type { RequirementSource } from "./schemas";

/**
 * The ids of these requirement keys (already validated, upper case), creating the missing
 * ones with `source` (each creation audited). Concurrent imports converge on one row per key.
 */
export async function ensureRequirements(tx: Tx, ctx: ProjectCtx, keys: string[], source: RequirementSource): Promise<{ ids: Map<string, string>; created: string[] }> {
  if (!keys.length) return { ids: new Map(), created: [] };
  const created = rowsOf<{ id: string; key: string }>(
    await tx.execute(sql`
      insert into requirements (project_id, key, source, created_by_id)
      select ${ctx.project.id}, k, ${source}, ${ctx.actor.userId} from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as t(k)
      order by k
      on conflict (project_id, key) do nothing
      returning id, key`),
  );
  for (const r of created) {
    await recordAudit(tx, ctx, { projectId: ctx.project.id, action: "requirement.create", entityType: "requirement", entityId: r.id, after: { key: r.key, source } });
  }
  const rows = rowsOf<{ id: string; key: string }>(
    await tx.execute(sql`select id, key from requirements where project_id = ${ctx.project.id} and key = ${anyOf(keys)}`),
  );
  return { ids: new Map(rows.map((r) => [r.key, r.id])), created: created.map((r) => r.key) };
}
