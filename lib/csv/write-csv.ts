/**
 * The one CSV writer behind every export (test cases, milestone entries): RFC 4180 fields
 * separated by commas, records ended by CRLF, a field quoted (quotes doubled) when it holds a
 * comma, quote, CR or LF, or starts or ends with whitespace (so importers do not trim it).
 *
 * Formula injection (OWASP "CSV Injection"): a value a spreadsheet would run as a formula, one
 * starting with =, +, -, @, tab or CR, is written with an apostrophe in front, which spreadsheets
 * take as "this is text". Values that already start with apostrophes before such a character get
 * one more, so `unguardCsvCell` can strip exactly one and every value survives export → import.
 */

const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = NEEDS_GUARD.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, CRLF included; streamed exports write these one by one. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",") + "\r\n";
}

/** A whole document (header first). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map(csvLine).join("");
}

/** The value `csvField` guarded: one leading apostrophe removed before a formula character. */
export function unguardCsvCell(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
