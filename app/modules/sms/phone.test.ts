import { describe, expect, test } from "vitest";
import { formatPhone, maskPhone, normalizePhone, parseE164, type E164 } from "./phone.ts";

describe("normalizePhone", () => {
  test.each([
    ["40612345", "+4740612345"],
    ["406 12 345", "+4740612345"],
    ["40 61 23 45", "+4740612345"],
    ["+47 406 12 345", "+4740612345"],
    ["+47 (406) 12-345", "+4740612345"],
    ["0047 406 12 345", "+4740612345"],
    ["00 47 40612345", "+4740612345"],
    ["47 40612345", "+4740612345"],
    ["4740612345", "+4740612345"],
    ["  91234567\n", "+4791234567"],
    ["tel:+4740612345", "+4740612345"],
    ["٤٠٦١٢٣٤٥", "+4740612345"], // Arabic-Indic digits
    ["۴۰۶۱۲۳۴۵", "+4740612345"], // Eastern Arabic-Indic digits
    ["\u200f+47 406 12 345\u200e", "+4740612345"], // pasted with RTL/LTR marks
    ["+46 70 123 45 67", "+46701234567"], // Swedish mobile
    ["+48 512 345 678", "+48512345678"], // Polish mobile
    ["+380 50 123 4567", "+380501234567"], // Ukrainian mobile
  ])("%j → %s", (input, expected) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: expected });
  });

  test("another default region reads national numbers of that country", () => {
    expect(normalizePhone("070-123 45 67", { defaultRegion: "SE" })).toEqual({ ok: true, value: "+46701234567" });
    // …while the Norwegian default refuses it.
    expect(normalizePhone("070-123 45 67")).toEqual({ ok: false, error: { code: "phone.invalid", status: 400 } });
  });

  test.each([
    ["", "phone.required"],
    ["   ", "phone.required"],
    ["\u200f", "phone.required"],
    ["abc", "phone.invalid"],
    ["1234", "phone.invalid"],
    ["406123456", "phone.invalid"], // nine digits
    ["+47406123456", "phone.invalid"],
    ["59012345", "phone.invalid"], // unassigned range
    ["406 12 345 ext. 12", "phone.invalid"],
    ["22 12 34 56", "phone.notMobile"], // Oslo landline
    ["800 12 345", "phone.notMobile"], // freephone
  ])("%j → %s", (input, code) => {
    expect(normalizePhone(input)).toEqual({ ok: false, error: { code, status: 400 } });
  });

  test("requireMobile: false accepts a valid landline (matching, not sending)", () => {
    expect(normalizePhone("22 12 34 56", { requireMobile: false })).toEqual({ ok: true, value: "+4722123456" });
  });

  test("every spelling of one number gives the same E.164 (so one hash)", () => {
    const spellings = ["40612345", "+47 406 12 345", "0047 40 61 23 45", "٤٠٦١٢٣٤٥"];
    const values = spellings.map((s) => normalizePhone(s)).map((r) => (r.ok ? r.value : r.error.code));
    expect(new Set(values)).toEqual(new Set(["+4740612345"]));
  });
});

describe("parseE164", () => {
  test("accepts canonical E.164 only", () => {
    expect(parseE164("+4740612345")).toEqual({ ok: true, value: "+4740612345" });
    expect(parseE164("+46701234567").ok).toBe(true);
    for (const bad of ["", "40612345", "+47 406 12 345", "004740612345", "+471234", "+4759012345"]) {
      expect(parseE164(bad).ok, bad).toBe(false);
    }
  });
});

describe("display helpers", () => {
  test("formatPhone uses national format at home, international abroad", () => {
    expect(formatPhone("+4740612345" as E164)).toBe("40 61 23 45");
    expect(formatPhone("+46701234567" as E164)).toBe("+46 70 123 45 67");
    expect(formatPhone("+46701234567" as E164, "SE")).toBe("070-123 45 67");
  });

  test("maskPhone keeps the country code and the last three digits", () => {
    expect(maskPhone("+4740612345" as E164)).toBe("+47•••••345");
    expect(maskPhone("+380501234567" as E164)).toBe("+380••••••567");
  });
});
