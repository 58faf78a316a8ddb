import { PageParams } from "@/lib/api/schemas";
import { created, json, projectRoute } from "@/lib/api/handler";
import { parse } from "@/lib/api/parse";
import { createWaiver } from "@/lib/milestones/create-waiver";
import { listWaivers } from "@/lib/milestones/waivers";

type Params = { projectId: string; milestoneId: string };

// GET /api/projects/{projectId}/milestones/{milestoneId}/waivers — the milestone's waivers, revoked ones included (limit, cursor)
export const GET = projectRoute<Params>(async ({ ctx, params, query }) => json(await listWaivers(ctx, params.milestoneId, parse(PageParams, query))));

// POST /api/projects/{projectId}/milestones/{milestoneId}/waivers — waive a case's failure (TESTER)
export const POST = projectRoute<Params>(async ({ ctx, params, body }) =>
  created(await createWaiver({ ctx, milestoneId: params.milestoneId, input: await body() })),
);
