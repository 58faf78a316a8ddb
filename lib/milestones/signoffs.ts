import { sql } from "drizzle-orm";
import { decodeCursor, toPage, type Page, type PageParams } from "@/lib/api/pagination";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { rowsOf } from "@/lib/sql";
import { lastChangeMs } from "./summary";
import type { SignoffView } from "./summary-schemas";

type Row = {
  id: string;
  user_id: string;
  name: string;
  email: string;
  decision: "APPROVED" | "REJECTED";
  comment: string;
  verdict_at_signoff: string | null;
  created_ms: number;
  created_key: string;
};

/**
 * A milestone's sign-offs, newest first, in keyset pages; each marked stale when runs, results or
 * waivers changed after it (the same rule as the summary's list).
 */
export async function listSignoffsPage(ctx: ProjectCtx, milestoneId: string, params: PageParams): Promise<Page<SignoffView>> {
  authorize(ctx, "project:read");
  const after = decodeCursor(params.cursor, ["instant", "text"]);
  const lastChange = await lastChangeMs(ctx, milestoneId);
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      select s.id, s.user_id, u.name, u.email, s.decision, s.comment, s.verdict_at_signoff,
        (extract(epoch from s.created_at) * 1000)::float8 as created_ms,
        to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key
      from milestone_signoffs s
      join milestones m on m.id = s.milestone_id and m.project_id = ${ctx.project.id}
      join users u on u.id = s.user_id
      where s.milestone_id = ${milestoneId}
        ${after ? sql`and (s.created_at, s.id) < (${after[0]}::timestamptz, ${after[1]})` : sql``}
      order by s.created_at desc, s.id desc
      limit ${params.limit + 1}`),
  );
  return toPage(
    rows,
    params.limit,
    (r) => [r.created_key, r.id],
    (r) => {
      const createdAt = new Date(Number(r.created_ms)).toISOString();
      return {
        id: r.id,
        user: { id: r.user_id, name: r.name, email: r.email },
        decision: r.decision,
        comment: r.comment,
        verdictAtSignoff: r.verdict_at_signoff,
        createdAt,
        stale: lastChange > Date.parse(createdAt),
      };
    },
  );
}
