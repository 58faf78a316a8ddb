import { projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { badgeGuest, badgeSvg } from "@/lib/milestones/badge";
import { sharedMilestoneGate } from "@/lib/milestones/summary-rounds";
import { BadgeQuery } from "@/lib/milestones/summary-schemas";

// GET /api/projects/{projectId}/milestones/{milestoneId}/badge.svg — verdict and pass rate as an SVG badge (key, signed link or public setting)
export const GET = projectRoute<{ projectId: string; milestoneId: string }>(
  async ({ ctx, params, query }) => {
    const q = parse(BadgeQuery, query);
    const gate = await sharedMilestoneGate(ctx, params.milestoneId, { environmentId: q.environment });
    return new Response(badgeSvg({ label: gate.milestone.name, verdict: gate.verdict, passRate: gate.passRate }), {
      headers: { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "private, max-age=60", "x-content-type-options": "nosniff" },
    });
  },
  { guest: badgeGuest },
);
