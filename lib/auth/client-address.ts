import { BlockList, isIP } from "node:net";
import { ConfigError } from "./secret";

/**
 * The TCP peer's address, stamped on every request by the server itself (lib/startup/peer-address.ts,
 * installed from instrumentation.ts): Next.js gives route handlers, server actions and Auth.js no
 * access to the socket, and the `X-Forwarded-For` it adds is only a default that any client can
 * preset. Whatever a client sends under this name is overwritten before Next.js sees the request.
 */
export const PEER_ADDRESS_HEADER = "x-qa-studio-peer-address";

/**
 * Which reverse proxies in front of the app may say who the client is (QA_STUDIO_TRUSTED_PROXIES):
 * none (the socket's address is the client), a number of hops, or the proxies' address ranges.
 */
export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "cidrs"; ranges: string[] };

const MAX_HOPS = 10;

/** Parses the variable; throws a ConfigError whose message says what is wrong. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = (value ?? "").trim();
  if (!text || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_HOPS) throw new ConfigError(`A hop count must be 0 to ${MAX_HOPS}`);
    return { kind: "hops", hops };
  }
  const ranges = text.split(",").map((r) => r.trim()).filter(Boolean);
  for (const range of ranges) rangeParts(range);
  return { kind: "cidrs", ranges };
}

function rangeParts(range: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } {
  const [address, prefixText, extra] = range.split("/");
  const version = isIP(address);
  if (extra !== undefined || !version) throw new ConfigError(`"${range}" is neither a hop count nor an address range like 10.0.0.0/8 or fd00::/8`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new ConfigError(`"${range}": the prefix length must be 0 to ${max}`);
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

const blockLists = new Map<string, BlockList>();

function rangesList(ranges: string[]): BlockList {
  const key = ranges.join(",");
  let list = blockLists.get(key);
  if (!list) {
    list = new BlockList();
    for (const r of ranges) {
      const { address, prefix, family } = rangeParts(r);
      list.addSubnet(address, prefix, family);
    }
    blockLists.set(key, list);
  }
  return list;
}

/** One address as written by a socket or a proxy: brackets, a port and the IPv4-mapped prefix removed. */
export function normalizeAddress(raw: string): string {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(a)) a = a.slice(7);
  return a.slice(0, 100);
}

function trusted(list: BlockList, address: string): boolean {
  const version = isIP(address);
  return version !== 0 && list.check(address, version === 4 ? "ipv4" : "ipv6");
}

type HeaderSource = { get(name: string): string | null };

/**
 * The client's address for per-IP limits. With no trusted proxies it is the socket's peer and
 * `X-Forwarded-For` is ignored entirely (anyone can send it). With N trusted hops it is the Nth
 * `X-Forwarded-For` entry from the right: each proxy appends the address it saw, so entries left
 * of that are whatever the client wrote. With address ranges the chain (`X-Forwarded-For`, then
 * the peer) is walked from the right, skipping trusted proxies; the first other address is the
 * client. "unknown" when the server stamped no peer address (a request not served by the app's
 * own server).
 */
export function clientAddress(headers: HeaderSource, trust: TrustedProxies): string {
  const stamped = headers.get(PEER_ADDRESS_HEADER);
  const peer = stamped ? normalizeAddress(stamped) || "unknown" : "unknown";
  if (trust.kind === "none") return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map(normalizeAddress)
    .filter(Boolean);
  const chain = [...forwarded, peer];
  if (trust.kind === "hops") return chain[Math.max(0, chain.length - 1 - trust.hops)];
  const list = rangesList(trust.ranges);
  for (let i = chain.length - 1; i >= 0; i--) if (!trusted(list, chain[i])) return chain[i];
  return chain[0];
}
