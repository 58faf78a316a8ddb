import { createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ProjectCtx } from "@/lib/context";
import { readSettings } from "@/lib/projects/schemas";
import { rowsOf } from "@/lib/sql";
import type { Verdict } from "./summary-schemas";

/** The `sig` of a milestone's signed badge link: an HMAC of its id under AUTH_SECRET. */
export function badgeSignature(milestoneId: string): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) return "";
  return createHmac("sha256", secret).update(`badge:${milestoneId}`).digest("base64url").slice(0, 32);
}

/** The badge path with its signature, for READMEs and wikis (no key needed). */
export function signedBadgePath(projectKey: string, milestoneId: string): string {
  return `/api/projects/${projectKey}/milestones/${milestoneId}/badge.svg?sig=${badgeSignature(milestoneId)}`;
}

function validSignature(milestoneId: string, sig: string | null): boolean {
  const expected = badgeSignature(milestoneId);
  if (!sig || !expected || sig.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
}

/**
 * A read-only context for a badge fetched without credentials: allowed with a valid signed link
 * or when the project enables public badges. It can read the summary and nothing else.
 */
export async function badgeGuest({ db, req, params, requestId }: { db: Db; req: Request; params: { projectId: string; milestoneId: string }; requestId: string }): Promise<ProjectCtx | undefined> {
  const [row] = rowsOf<{ id: string; key: string; name: string; settings: unknown }>(
    await db.execute(sql`
      select p.id, p.key, p.name, p.settings from projects p join milestones m on m.project_id = p.id
      where (p.id = ${params.projectId} or p.key = ${params.projectId.toUpperCase()}) and m.id = ${params.milestoneId}`),
  );
  if (!row) return undefined;
  const sig = new URL(req.url).searchParams.get("sig");
  if (!validSignature(params.milestoneId, sig) && !readSettings(row.settings).publicBadge) return undefined;
  return {
    db,
    requestId,
    actor: { userId: "", email: "", name: "badge link", isAdmin: false, apiKey: { id: "", projectId: row.id, readOnly: true } },
    project: { id: row.id, key: row.key, name: row.name, role: "VIEWER" },
  };
}

const COLORS: Record<Verdict, string> = { GO: "#2e7d32", NO_GO: "#c62828" };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Rough width of Verdana 11px text, as shields-style badges estimate it. */
const textWidth = (s: string) => Math.round(s.length * 6.8 + 10);

/** A flat two-part badge: the milestone name, then the verdict and pass rate. */
export function badgeSvg(a: { label: string; verdict: Verdict; passRate: number | null }): string {
  const label = a.label.length > 40 ? `${a.label.slice(0, 39)}…` : a.label;
  const value = `${a.verdict === "GO" ? "GO" : "NO GO"} · ${a.passRate === null ? "no results" : `${a.passRate.toFixed(1)}%`}`;
  const lw = textWidth(label);
  const vw = textWidth(value);
  const w = lw + vw;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${esc(`${label}: ${value}`)}">
<title>${esc(`${label}: ${value}`)}</title>
<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${COLORS[a.verdict]}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${esc(label)}</text><text x="${lw + vw / 2}" y="14">${esc(value)}</text>
</g>
</svg>`;
}
