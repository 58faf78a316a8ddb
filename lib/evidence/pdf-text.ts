/**
 * Text for the PDF's standard fonts (Helvetica), which encode WinAnsi only: Latin-1 plus a few
 * typographic characters. Anything else would print as garbage, so it is spelled in ASCII where
 * there is an obvious spelling and shown as "?" otherwise; the manifest (evidence.json) keeps
 * every character as it was entered.
 */
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);
const SPELLED: Record<string, string> = { "→": "->", "←": "<-", "≥": ">=", "≤": "<=", "≠": "!=", "✓": "v", "✔": "v", "✗": "x", "✘": "x", "\u00a0": " " };

/** One line: line breaks and tabs become spaces, control characters go, the rest as above. */
export function pdfLine(text: string | null | undefined, max = 400): string {
  const flat = pdfText(text).replace(/\s*\n\s*/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Text that may keep its line breaks (comments, descriptions). */
export function pdfText(text: string | null | undefined, max = 4000): string {
  if (!text) return "";
  let out = "";
  for (const ch of text.replace(/\r\n?/g, "\n").replace(/\t/g, "  ")) {
    const code = ch.codePointAt(0)!;
    if (ch === "\n" || (code >= 0x20 && code < 0x7f) || (code >= 0xa1 && code <= 0xff) || WIN_ANSI_EXTRA.has(code)) out += ch;
    else if (SPELLED[ch]) out += SPELLED[ch];
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else out += "?";
    if (out.length >= max) return `${out.slice(0, max - 1)}…`;
  }
  return out;
}

/** "2030-06-10 12:00:05 UTC" (or "–"). */
export function pdfTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : "–";
}

export function pdfDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : "none";
}

/** 1234 ms → "1.2 s", 754000 → "12m 34s", null → "–". */
export function pdfDuration(ms: number | null | undefined): string {
  if (ms == null) return "–";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}

/** A recorded audit change as one short line: `name: "v2" -> …`, keys in order. */
export function pdfChanges(before: unknown, after: unknown, max = 300): string {
  const parts: string[] = [];
  const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? "null");
  const b = before && typeof before === "object" ? (before as Record<string, unknown>) : null;
  const a = after && typeof after === "object" ? (after as Record<string, unknown>) : null;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort();
  for (const k of keys) {
    if (b && a && k in b && k in a) parts.push(`${k}: ${show(b[k])} -> ${show(a[k])}`);
    else if (a && k in a) parts.push(`${k}: ${show(a[k])}`);
    else parts.push(`${k} was ${show(b![k])}`);
  }
  return pdfLine(parts.join("; "), max);
}
