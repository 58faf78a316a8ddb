import { RE2JS } from "re2js";

/**
 * Error signatures for failure clusters, database-free: the first line of the message plus the
 * top stack frame, with what differs between two runs of the same failure stripped. Every
 * expression here is a single pass without nested quantifiers over text cut to a few hundred
 * characters first.
 */
const MAX_LINE = 500;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

type Token = { re: RegExp; mask: string; pattern: string };

/** Applied in this order: each mask is also what a suggested rule pattern matches there. */
const TOKENS: Token[] = [
  // Quoted values: "…", '…', `…`.
  { re: /"[^"\n]*"|'[^'\n]*'|`[^`\n]*`/g, mask: '"…"', pattern: `(?:"[^"]*"|'[^']*'|\`[^\`]*\`)` },
  // Timestamps: 2030-06-01T12:00:00.123Z, 2030-06-01 12:00:00, dates.
  { re: /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g, mask: "<time>", pattern: `[0-9T:.Z+ -]+` },
  { re: /\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, mask: "<time>", pattern: `[0-9:.]+` },
  // Ids: UUIDs, then long hex strings (SHAs, object ids) and 0x numbers.
  { re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, mask: "<id>", pattern: `[0-9a-fA-F-]+` },
  { re: /\b0x[0-9a-f]+\b/gi, mask: "<hex>", pattern: `0x[0-9a-fA-F]+` },
  { re: /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, mask: "<hex>", pattern: `[0-9a-fA-F]+` },
  // Durations: 5000ms, 1.5s, 30 seconds, 2 min.
  { re: /\b\d+(?:\.\d+)?\s?(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\b/gi, mask: "<duration>", pattern: `[0-9.]+ ?[a-z]+` },
  // Any other number, and ids made of letters and digits (user42, order_9981).
  { re: /\b[a-z_]*\d[\w-]*\b/gi, mask: "<n>", pattern: `[\\w-]*` },
];

/** The first non-empty line of a message, without terminal colours, cut to a bounded length. */
export function firstLine(message: string | null | undefined): string {
  const text = String(message ?? "").replace(ANSI, "");
  const line = text.split(/\r?\n/).find((l) => l.trim()) ?? "";
  return line.trim().slice(0, MAX_LINE);
}

/** The top frame of a stack: its first line starting with "at ", without colours. */
export function topFrame(stack: string | null | undefined): string {
  const lines = String(stack ?? "").replace(ANSI, "").split(/\r?\n/);
  const frame = lines.find((l) => /^\s*at\s/.test(l));
  return frame ? frame.trim().slice(0, MAX_LINE) : "";
}

export function normalizeText(text: string): string {
  let out = text.slice(0, MAX_LINE);
  for (const t of TOKENS) out = out.replace(t.re, t.mask);
  return out.replace(/\s+/g, " ").trim();
}

/** The cluster key of an error: "<normalized first line> @ <normalized top frame>". */
export function errorSignature(error: { message?: string | null; stack?: string | null } | null | undefined): { signature: string; title: string } {
  const title = normalizeText(firstLine(error?.message)) || "(no error message)";
  const frame = normalizeText(topFrame(error?.stack));
  return { signature: frame ? `${title} @ ${frame}` : title, title };
}

/**
 * An RE2 pattern matching the first line of `message` wherever the signature stripped something:
 * literal text is quoted, stripped parts become their token's pattern. At most `max` characters
 * (the literal tail is dropped to fit), so a cluster becomes a rule in one step.
 */
export function suggestPattern(message: string | null | undefined, max = 500): string {
  const line = firstLine(message);
  if (!line) return "";
  type Piece = { literal: string } | { pattern: string };
  let pieces: Piece[] = [{ literal: line }];
  for (const t of TOKENS) {
    pieces = pieces.flatMap((p) => {
      if (!("literal" in p)) return [p];
      const out: Piece[] = [];
      let last = 0;
      for (const m of p.literal.matchAll(t.re)) {
        if (m.index! > last) out.push({ literal: p.literal.slice(last, m.index) });
        out.push({ pattern: t.pattern });
        last = m.index! + m[0].length;
      }
      if (last < p.literal.length) out.push({ literal: p.literal.slice(last) });
      return out;
    });
  }
  let pattern = "";
  for (const p of pieces) {
    const next = "literal" in p ? RE2JS.quote(p.literal) : p.pattern;
    if (pattern.length + next.length > max) break;
    pattern += next;
  }
  return pattern;
}
