import { json, projectRoute } from "@/lib/api/handler";
import { sendTestMessage } from "@/lib/slack/send-test-message";

// POST /api/projects/{projectId}/slack/test — post a test message to the project's channel (ADMIN)
export const POST = projectRoute(async ({ ctx }) => json(await sendTestMessage({ ctx })));
