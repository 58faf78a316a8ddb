import { randomUUID } from "node:crypto";
import { errorResponse } from "@/lib/api/handler";
import { receiveSlashCommand } from "@/lib/slack/receive-command";

// POST /api/slack/commands — Slack's slash command /qa (signed by Slack; no QA Studio credentials)
export async function POST(req: Request): Promise<Response> {
  const requestId = randomUUID();
  try {
    return Response.json(await receiveSlashCommand(req), { headers: { "x-request-id": requestId } });
  } catch (err) {
    return errorResponse(err, requestId);
  }
}
