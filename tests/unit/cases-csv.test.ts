import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "@/lib/cases/csv";
import { toCsv, unguardCsvCell } from "@/lib/csv/write-csv";

describe("CSV (RFC 4180)", () => {
  it("reads quotes, commas and newlines inside quoted fields, CRLF or LF, and a BOM", () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","line 1\r\nline 2"\n\n1,,3';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ["a", "b", "c"] },
      { row: 2, fields: ["x, y", 'say "hi"', "line 1\r\nline 2"] },
      { row: 4, fields: ["1", "", "3"] },
    ]);
  });

  it("keeps a trailing empty field and a last line without a newline", () => {
    expect(parseCsv("a,\nb")).toEqual([
      { row: 1, fields: ["a", ""] },
      { row: 2, fields: ["b"] },
    ]);
  });

  it("names the row of broken quoting", () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvSyntaxError);
    let caught: unknown;
    try {
      parseCsv('a\nb\n"x"y');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect((caught as CsvSyntaxError).row).toBe(3);
    expect(() => parseCsv('a"b')).toThrow(/quote inside an unquoted field/);
  });

  it("writes what it reads", () => {
    const rows = [
      ["plain", "with, comma", 'with "quote"', "multi\nline", " padded ", ""],
      ["ü", "x=1", "", "x", "y", "z"],
    ];
    const text = toCsv(rows);
    expect(text).toBe('plain,"with, comma","with ""quote""","multi\nline"," padded ",\r\nü,x=1,,x,y,z\r\n');
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows);
  });

  it("guards formula cells, and the import's unguarding gives every value back", () => {
    const values = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1+1", "''@x", "'plain", "it's", "a-b", "plain"];
    const text = toCsv([values]);
    expect(text).toBe(`'=1+1,'+1,'-1,'@SUM(A1),'\tx,"'\rx",''=1+1,'''@x,'plain,it's,a-b,plain\r\n`);
    const [record] = parseCsv(text);
    expect(record.fields.map(unguardCsvCell)).toEqual(values);
  });
});
