/** RFC 4180 CSV: fields separated by commas, records by CRLF or LF, quotes doubled inside quoted fields. */

export type CsvRecord = { /** 1-based record number; the header is record 1, like a spreadsheet row. */ row: number; fields: string[] };

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/** Parses a whole document. Blank lines are skipped but still counted, so row numbers match a spreadsheet's. */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let recordRow = 1;
  let i = 0;
  let quotedField = false;
  const endField = () => {
    fields.push(field);
    field = "";
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === "")) records.push({ row: recordRow, fields });
    fields = [];
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '"' && field === "" && !quotedField) {
      // A quoted field: runs to the next lone quote; "" is a quote, newlines are kept.
      quotedField = true;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(recordRow, "A quoted field is not closed");
        const d = src[i];
        if (d === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += d;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new CsvSyntaxError(recordRow, "Text after a closing quote; quote the whole field and double the quotes inside it");
      }
      continue;
    }
    if (c === ",") {
      endField();
      i++;
    } else if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && src[i + 1] === "\n" ? 2 : 1;
      recordRow++;
    } else if (c === '"') {
      throw new CsvSyntaxError(recordRow, "A quote inside an unquoted field; quote the whole field and double the quotes inside it");
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || fields.length || quotedField) endRecord();
  return records;
}
