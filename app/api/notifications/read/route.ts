import { json, route } from "@/lib/api/handler";
import { markRead } from "@/lib/notify/mark-read";

// POST /api/notifications/read — mark some or all of my notifications read
export const POST = route(async ({ ctx, body }) => json(await markRead({ ctx, input: await body() })));
