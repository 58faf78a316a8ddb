import { getDb } from "@/db/client";
import { handleSlashCommand, parseSlashCommand, verifySlashRequest, type CommandReply } from "./commands";

const MAX_BODY = 64 * 1024;

/** Verifies a slash-command request from Slack and answers it (401 via the caller's error mapping when unsigned). */
export async function receiveSlashCommand(req: Request): Promise<CommandReply> {
  const raw = new TextDecoder().decode((await req.arrayBuffer()).slice(0, MAX_BODY));
  verifySlashRequest(raw, req.headers);
  return handleSlashCommand(getDb(), parseSlashCommand(raw));
}
