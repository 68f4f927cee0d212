import { describe, expect, it } from "vitest";
import { checkQuotaSums, InstanceFileError, parseCategories, parseCsv, parseRespondents } from "./csv.ts";

const CATS = "category,feature,min,max\ngender,female,1,2\ngender,male,1,2\nage,young,0,2\nage,old,1,2\n";

function errorOf(f: () => unknown): InstanceFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof InstanceFileError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

describe("instance CSV files", () => {
  it("parses RFC 4180 CSV with quotes, CRLF, a BOM and blank lines, keeping line numbers", () => {
    const recs = parseCsv('\ufeffa,b\r\n"x, ""y""",z\r\n\r\n"multi\nline",w\n', "f.csv");
    expect(recs).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ['x, "y"', "z"] },
      { line: 4, fields: ["multi\nline", "w"] },
    ]);
    expect(errorOf(() => parseCsv('a,b\n"open,c\n', "f.csv")).message).toBe("f.csv:2: unterminated quoted field");
  });

  it("reads categories.csv into quotas with their lines", () => {
    const c = parseCategories(CATS);
    expect(c.quotas).toHaveLength(4);
    expect(c.quotas[0]).toEqual({ category: "gender", feature: "female", min: 1, max: 2 });
    expect(c.lines).toEqual([2, 3, 4, 5]);
  });

  it("names file and line for each kind of bad categories.csv", () => {
    const cases: [string, string][] = [
      ["", "categories.csv: file is empty"],
      [
        "category,feature,min\n",
        'categories.csv:1: header must name the columns category,feature,min,max (missing "max")',
      ],
      ["category,feature,min,max\ngender,female,1\n", "categories.csv:2: expected 4 fields, found 3"],
      ["category,feature,min,max\ngender,female,one,2\n", 'categories.csv:2: min "one" is not a non-negative integer'],
      ["category,feature,min,max\ngender,female,1,-2\n", 'categories.csv:2: max "-2" is not a non-negative integer'],
      ["category,feature,min,max\ngender,female,3,2\n", "categories.csv:2: gender/female: min 3 is larger than max 2"],
      [
        "category,feature,min,max\ngender,female,1,2\ngender,female,1,2\n",
        "categories.csv:3: gender/female is already given on line 2",
      ],
      ["category,feature,min,max\n,female,1,2\n", "categories.csv:2: category and feature must not be empty"],
      ["category,feature,min,max\n", "categories.csv: no quotas"],
    ];
    for (const [text, message] of cases) expect(errorOf(() => parseCategories(text)).message).toBe(message);
  });

  it("reports quotas whose sums cannot give a panel of size k, naming the category's lines", () => {
    const c = parseCategories(CATS);
    expect(() => checkQuotaSums(c, 3)).not.toThrow();
    expect(errorOf(() => checkQuotaSums(c, 5)).message).toBe(
      'categories.csv:2: category "gender" (lines 2-3): maximums sum to 4, less than the panel size 5',
    );
    expect(errorOf(() => checkQuotaSums(c, 1)).message).toBe(
      'categories.csv:2: category "gender" (lines 2-3): minimums sum to 2, more than the panel size 1',
    );
  });

  it("reads respondents.csv in row order and ignores extra columns", () => {
    const c = parseCategories(CATS);
    const r = parseRespondents("id,age,gender\n7,young,female\n8,old,male\n", c.quotas);
    expect(r.people).toEqual([
      { gender: "female", age: "young" },
      { gender: "male", age: "old" },
    ]);
    expect(r.lines).toEqual([2, 3]);
  });

  it("names file and line for a feature that is not in categories.csv, a missing column or a short row", () => {
    const q = parseCategories(CATS).quotas;
    expect(errorOf(() => parseRespondents("gender,age\nfemale,young\nmale,middle\n", q)).message).toBe(
      'respondents.csv:3: age="middle" is not a feature of category "age" in categories.csv',
    );
    expect(errorOf(() => parseRespondents("gender\nfemale\n", q)).message).toBe(
      'respondents.csv:1: no column for category "age"',
    );
    expect(errorOf(() => parseRespondents("gender,age\nfemale\n", q)).message).toBe(
      "respondents.csv:2: expected 2 fields, found 1",
    );
    expect(errorOf(() => parseRespondents("", q)).message).toBe("respondents.csv: file is empty");
  });
});
