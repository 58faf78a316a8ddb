import { getDb } from "@/db/client";
import { MAX_UNAUTHENTICATED_BODY_BYTES } from "@/lib/api/body-limit";
import { readBodyLimited } from "@/lib/api/read-body";
import { assertStorableText } from "@/lib/api/storable-text";
import { handleSlashCommand, parseSlashCommand, verifySlashRequest, type CommandReply } from "./commands";

/** Verifies a slash-command request from Slack and answers it (401 via the caller's error mapping when unsigned). */
export async function receiveSlashCommand(req: Request): Promise<CommandReply> {
  // Anyone can call this before the signature is checked: read at most 64 KB (413 past it).
  const raw = new TextDecoder().decode(await readBodyLimited(req, MAX_UNAUTHENTICATED_BODY_BYTES));
  verifySlashRequest(raw, req.headers);
  const command = parseSlashCommand(raw);
  assertStorableText(command);
  return handleSlashCommand(getDb(), command);
}
