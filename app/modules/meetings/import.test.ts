import { describe, expect, it } from "vitest";
import { parseCsvImport, parseJsonImport } from "./import.ts";

describe("agenda import: CSV", () => {
  it("reads items with closed flags and steps, with ; or , as delimiter", () => {
    const r = parseCsvImport(
      "case_number;title;summary;closed;closed_basis;step\n2026/120;Ny barnehage;Kort om saken;nei;;innstilling\n\n2026/121;Personalsak;;ja;Offl. § 25;\n",
    );
    expect(r).toMatchObject({
      ok: true,
      items: [
        { line: 2, year: 2026, sequence: 120, closed: false, step: "innstilling" },
        { line: 4, sequence: 121, closed: true, closedBasis: "Offl. § 25" },
      ],
    });
  });
  it("rejects a bad file with every problem and its line number", () => {
    const r = parseCsvImport(
      'case_number,title,closed,closed_basis\n2026/1,"Første\nsak",nei,\nxx,Tittel,nei,\n2026/2,,nei,\n2026/3,Lukket,ja,\n2026/1,Igjen,kanskje,\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { line: 4, code: "import.badCaseNumber", params: { value: "xx" } },
      { line: 5, code: "import.missingTitle" },
      { line: 6, code: "import.closedNeedsBasis" },
      { line: 7, code: "import.badClosed", params: { value: "kanskje" } },
      { line: 7, code: "import.duplicateCase", params: { number: "2026/1", first: 2 } },
    ]);
  });
  it("rejects a file without the required columns, or with nothing in it", () => {
    expect(parseCsvImport("foo,bar\n1,2\n")).toEqual({ ok: false, problems: [{ line: 1, code: "import.badHeader" }] });
    expect(parseCsvImport("")).toEqual({ ok: false, problems: [{ line: 1, code: "import.empty" }] });
    expect(parseCsvImport("case_number,title\n")).toEqual({ ok: false, problems: [{ line: 1, code: "import.empty" }] });
  });
});

describe("agenda import: JSON", () => {
  it("reads an array or { items }, with localized titles", () => {
    const r = parseJsonImport(
      JSON.stringify({ items: [{ caseNumber: "2026/5", title: { nb: "Veg", nn: "Veg" }, closed: false }] }, null, 2),
    );
    expect(r).toMatchObject({ ok: true, items: [{ line: 3, sequence: 5, title: { nb: "Veg", nn: "Veg" } }] });
  });
  it("gives the line of each bad item, and of a syntax error", () => {
    const text =
      '[\n  {"caseNumber": "2026/1", "title": "A"},\n  {"caseNumber": "nope", "title": "B"},\n  {"caseNumber": "2026/2", "title": "C", "closed": true}\n]';
    expect(parseJsonImport(text)).toEqual({
      ok: false,
      problems: [
        { line: 3, code: "import.badCaseNumber", params: { value: "nope" } },
        { line: 4, code: "import.closedNeedsBasis" },
      ],
    });
    expect(parseJsonImport('[\n {"a": 1},\n {"b": }\n]')).toEqual({
      ok: false,
      problems: [{ line: 3, code: "import.badJson" }],
    });
    expect(parseJsonImport('{"x": 1}')).toEqual({ ok: false, problems: [{ line: 1, code: "import.badJsonShape" }] });
  });
});
