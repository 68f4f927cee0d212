import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCsv } from "#app/modules/identity/privacy.server.ts";
import { CsvReadError, guardCell, parseCsv, parseCsvRecords, readCsv, writeCsv } from "./csv.ts";

describe("the formula-injection guard", () => {
  it("prefixes cells starting with = + - @ tab or CR with an apostrophe", () => {
    for (const s of ["=1+1", '=HYPERLINK("http://x","y")', "+47 900 00 000", "-2", "@SUM(A1)", "\tx", "\r=1"])
      expect(guardCell(s)).toBe(`'${s}`);
  });

  it("leaves every other cell alone", () => {
    for (const s of ["", "Kari", "1", "a=b", " =1", "'=1", "ø", "2025-01-01"]) expect(guardCell(s)).toBe(s);
  });

  it("writeCsv applies it to every cell by default, then quotes as RFC 4180 needs", () => {
    expect(
      writeCsv([
        ["name", "note"],
        ["=cmd|' /C calc'!A0", '-1,"2"'],
        ["@x", "\r\nbad"],
      ]),
    ).toBe('name,note\r\n\'=cmd|\' /C calc\'!A0,"\'-1,""2"""\r\n\'@x,"\'\r\nbad"\r\n');
    expect(writeCsv([["=1", "-2"]], { guard: false, eol: "\n" })).toBe("=1,-2\n");
  });

  it("guards the privacy export (people open it in a spreadsheet)", () => {
    expect(toCsv([{ name: "=2+3", phone: "+4790000000", note: null, at: new Date(0) }])).toBe(
      "name,phone,note,at\r\n'=2+3,'+4790000000,,1970-01-01T00:00:00.000Z\r\n",
    );
  });
});

describe("writeCsv", () => {
  it("quotes only cells that need it, any CR or LF included, and `alsoQuote` characters", () => {
    expect(writeCsv([["a,b", 'say "hi"', "x\ny", "p;q", 3, null, undefined, { k: 1 }]], { eol: "\n" })).toBe(
      '"a,b","say ""hi""","x\ny",p;q,3,,,"{""k"":1}"\n',
    );
    expect(writeCsv([["p;q"]], { alsoQuote: ";" })).toBe('"p;q"\r\n');
    expect(writeCsv([])).toBe("");
  });

  it("round-trips through parseCsv (unguarded)", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", " ", ",", ";", '"', "\n", "\r\n", "=", "é"), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(parseCsv(writeCsv(rows, { guard: false }))).toEqual(rows);
      }),
    );
  });
});

describe("readCsv", () => {
  it("reads quotes, doubled quotes, a BOM, mixed line ends and blank lines, with the line each record starts on", () => {
    const text = '\ufeffa,b\r\n"x, ""y""",z\r\n\r\n"multi\r\nline",w\nlast,"é"\rcr,only\n';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ['x, "y"', "z"] },
      { line: 4, fields: ["multi\r\nline", "w"] },
      { line: 6, fields: ["last", "é"] },
      { line: 7, fields: ["cr", "only"] },
    ]);
  });

  it("trims outside quotes on request and keeps rows of different lengths", () => {
    expect(readCsv(' a , " b " ,c\n  \nd\n', { trim: true })).toEqual([
      { line: 1, fields: ["a", " b ", "c"] },
      { line: 3, fields: ["d"] },
    ]);
    expect(parseCsv("k;v\nx;1;extra\n", ";")).toEqual([
      ["k", "v"],
      ["x", "1", "extra"],
    ]);
    expect(parseCsvRecords("k,v\nx,1\n")).toEqual([{ k: "x", v: "1" }]);
  });

  it("an unterminated quote is an error naming the line its record starts on, unless lenient", () => {
    const text = 'a,b\n\n"c\nd,e\n';
    try {
      readCsv(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CsvReadError);
      expect(e).toMatchObject({ line: 3, reason: "unterminatedQuote", message: "unterminated quoted field" });
    }
    expect(parseCsv(text)).toEqual([["a", "b"], ["c\nd,e\n"]]);
  });
});
