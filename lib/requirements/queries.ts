import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { decodeCursor, toPage, type Page } from "@/lib/api/pagination";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { anyOf, escapeLike, rowsOf } from "@/lib/sql";
import type { Requirement, RequirementListQuery } from "./schemas";

type Reader = Pick<Tx, "execute">;

type RequirementRow = {
  id: string;
  project_id: string;
  key: string;
  title: string;
  url: string | null;
  source: Requirement["source"];
  fix_versions: string[];
  case_seqs: number[] | null;
  created_at: string;
  updated_at: string;
};

const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const COLUMNS = sql`
  r.id, r.project_id, r.key, r.title, r.url, r.source, r.fix_versions,
  array(select c.seq from case_requirements cr join test_cases c on c.id = cr.case_id where cr.requirement_id = r.id order by c.seq) as case_seqs,
  ${iso("r.created_at")} as created_at, ${iso("r.updated_at")} as updated_at`;

function toRequirement(row: RequirementRow, projectKey: string): Requirement {
  return {
    id: row.id,
    projectId: row.project_id,
    key: row.key,
    title: row.title,
    url: row.url,
    source: row.source,
    fixVersions: row.fix_versions ?? [],
    caseKeys: (row.case_seqs ?? []).map((seq) => `${projectKey}-${seq}`),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A requirement by id or key (keys are stored upper case); 404 when it is not in this project. */
export async function resolveRequirementId(ctx: ProjectCtx, idOrKey: string, db: Reader = ctx.db): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id from requirements where project_id = ${ctx.project.id} and (id = ${idOrKey} or key = ${idOrKey.trim().toUpperCase()})
      order by (id = ${idOrKey}) desc limit 1`),
  );
  if (!row) throw new NotFoundError("Requirement");
  return row.id;
}

export async function getRequirementById(db: Reader, ctx: ProjectCtx, id: string): Promise<Requirement> {
  const [row] = rowsOf<RequirementRow>(
    await db.execute(sql`select ${COLUMNS} from requirements r where r.project_id = ${ctx.project.id} and r.id = ${id}`),
  );
  if (!row) throw new NotFoundError("Requirement");
  return toRequirement(row, ctx.project.key);
}

export async function getRequirement(ctx: ProjectCtx, idOrKey: string): Promise<Requirement> {
  authorize(ctx, "project:read");
  return getRequirementById(ctx.db, ctx, await resolveRequirementId(ctx, idOrKey));
}

/** The project's requirements by key, filtered by `q` (key or title) and `source`, keyset-paginated. */
export async function listRequirements(ctx: ProjectCtx, query: RequirementListQuery): Promise<Page<Requirement>> {
  authorize(ctx, "project:read");
  const after = decodeCursor(query.cursor, ["text"]);
  const where: SQL[] = [sql`r.project_id = ${ctx.project.id}`];
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    where.push(sql`(r.key ilike ${like} or r.title ilike ${like})`);
  }
  if (query.source) where.push(sql`r.source = ${query.source}`);
  if (after) where.push(sql`r.key collate "C" > ${after[0]}`);
  const rows = rowsOf<RequirementRow>(
    await ctx.db.execute(sql`
      select ${COLUMNS} from requirements r where ${sql.join(where, sql` and `)}
      order by r.key collate "C" limit ${query.limit + 1}`),
  );
  return toPage(rows, query.limit, (r) => [r.key], (r) => toRequirement(r, ctx.project.key));
}

/**
 * The ids of requirement keys of this project, in the order given. Unknown keys are a 400
 * naming every one of them under `field`.
 */
export async function resolveRequirementKeys(db: Reader, ctx: ProjectCtx, keys: string[], field: string): Promise<string[]> {
  if (!keys.length) return [];
  const rows = rowsOf<{ id: string; key: string }>(
    await db.execute(sql`select id, key from requirements where project_id = ${ctx.project.id} and key = ${anyOf(keys)}`),
  );
  const byKey = new Map(rows.map((r) => [r.key, r.id]));
  const unknown = keys.filter((k) => !byKey.has(k));
  if (unknown.length) {
    throw new ValidationError(`Unknown requirements: ${unknown.join(", ")}`, [
      { field, message: `No such requirement in project ${ctx.project.key}: ${unknown.join(", ")}` },
    ]);
  }
  return keys.map((k) => byKey.get(k)!);
}

/** The requirement keys a case is linked to, by key. */
export async function caseRequirementKeys(db: Reader, caseId: string): Promise<string[]> {
  return rowsOf<{ key: string }>(
    await db.execute(sql`
      select r.key from case_requirements cr join requirements r on r.id = cr.requirement_id
      where cr.case_id = ${caseId} order by r.key collate "C"`),
  ).map((r) => r.key);
}
