import type { IncomingMessage } from "node:http";
import { Server } from "node:net";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";

const INSTALLED = Symbol.for("qa-studio.peer-address-stamp");

/**
 * Stamps every HTTP request this process serves with its TCP peer's address, in a header the
 * client cannot set (a client's own value is overwritten). Next.js 16 passes neither the socket
 * nor `request.ip` to route handlers, server actions or Auth.js, and its own `X-Forwarded-For`
 * is only filled in when the client did not send one. So the `request` event of every server
 * (http and https servers both inherit `net.Server`'s `emit`) is intercepted before Next.js's
 * listener runs, which is the one place the socket is still at hand.
 */
export function stampPeerAddresses(): void {
  const proto = Server.prototype as Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  // The overloads of `emit` are typed per event; this wrapper passes every event through unchanged.
  const emit = proto.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function emitWithPeerAddress(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") stamp(args[0]);
    return emit.call(this, event, ...args);
  } as Server["emit"];
  proto[INSTALLED] = true;
}

function stamp(req: unknown): void {
  const message = req as Partial<IncomingMessage> | undefined;
  if (!message?.headers || typeof message.headers !== "object") return;
  message.headers[PEER_ADDRESS_HEADER] = message.socket?.remoteAddress ?? "";
}
