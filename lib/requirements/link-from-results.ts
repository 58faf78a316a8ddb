import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { rowsOf } from "@/lib/sql";

type Item = { caseId?: string; tags: string[]; annotations: { type: string; description?: string }[] };

/**
 * What CI results say a case verifies: an annotation `{type: "requirement", description:
 * "SHOP-12"}` (several keys may be separated by commas) or a tag `@SHOP-12`. Only keys of
 * existing requirements of the project link (a tag like `@smoke` names none); links are only
 * added. One set-based statement per batch, none when nothing names a key. Returns the number of
 * new links.
 */
export async function linkRequirementsFromResults(tx: Pick<Tx, "execute">, ctx: ProjectCtx, items: Item[]): Promise<number> {
  const pairs = new Map<string, { c: string; k: string }>();
  const add = (caseId: string, key: string) => {
    const k = key.trim().toUpperCase();
    if (k && k.length <= 100) pairs.set(`${caseId}\u0000${k}`, { c: caseId, k });
  };
  for (const item of items) {
    if (!item.caseId) continue;
    for (const a of item.annotations) {
      if (a.type.toLowerCase() === "requirement" && a.description) for (const key of a.description.split(",")) add(item.caseId, key);
    }
    for (const tag of item.tags) if (tag.startsWith("@")) add(item.caseId, tag.slice(1));
  }
  if (!pairs.size) return 0;
  return rowsOf(
    await tx.execute(sql`
      insert into case_requirements (project_id, case_id, requirement_id)
      select ${ctx.project.id}, x.c, r.id
      from jsonb_to_recordset(${JSON.stringify([...pairs.values()])}::jsonb) as x(c text, k text)
      join requirements r on r.project_id = ${ctx.project.id} and r.key = x.k
      order by x.c, r.id
      on conflict do nothing
      returning case_id`),
  ).length;
}
