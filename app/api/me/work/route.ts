import { json, route } from "@/lib/api/handler";
import { myWork } from "@/lib/entries/my-work";

// GET /api/me/work — my entries in open runs across projects, grouped by milestone, soonest due first
export const GET = route(async ({ ctx }) => json(await myWork({ ctx })));
