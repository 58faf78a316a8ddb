import { json, route } from "@/lib/api/handler";
import { listNotifications } from "@/lib/notify/queries";

// GET /api/notifications — alerts of my projects, newest first, with my unread count
export const GET = route(async ({ ctx, query }) => json(await listNotifications({ ctx, query })));
