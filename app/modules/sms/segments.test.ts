import { describe, expect, test } from "vitest";
import {
  DEFAULT_SMS_LIMITS,
  GSM7_TABLES,
  analyzeSms,
  estimateCost,
  gsm7Septets,
  prepareSmsBody,
  validateSmsBody,
} from "./segments.ts";

const SAMI_LETTERS = ["á", "č", "đ", "ŋ", "š", "ŧ", "ž", "Á", "Č", "Đ", "Ŋ", "Š", "Ŧ", "Ž", "ï"];

describe("GSM-7 tables", () => {
  test("the basic table has 128 positions and the escape sits at 0x1B", () => {
    expect(Array.from(GSM7_TABLES.basic)).toHaveLength(128);
    expect(GSM7_TABLES.basic.indexOf("\u001b")).toBe(0x1b);
    expect(GSM7_TABLES.basic.indexOf("@")).toBe(0x00);
    expect(GSM7_TABLES.basic.indexOf("A")).toBe(0x41);
    expect(GSM7_TABLES.basic.indexOf("à")).toBe(0x7f);
  });

  test("Norwegian letters are basic characters", () => {
    for (const c of "æøåÆØÅäöÄÖéÉ") expect(gsm7Septets(c), c).toBe(1);
  });

  test("extension characters cost two septets", () => {
    for (const c of "^{}\\[~]|€\f") expect(gsm7Septets(c), JSON.stringify(c)).toBe(2);
  });

  test("Sami letters, the escape itself and look-alikes are not GSM-7", () => {
    for (const c of [...SAMI_LETTERS, "\u001b", "ç", "`", "«", "’", "\u00a0"]) {
      expect(gsm7Septets(c), JSON.stringify(c)).toBeUndefined();
    }
  });
});

describe("analyzeSms: GSM-7", () => {
  test.each([
    { text: "", units: 0, segments: 0, perSegment: 160, remaining: 160 },
    { text: "a", units: 1, segments: 1, perSegment: 160, remaining: 159 },
    { text: "a".repeat(160), units: 160, segments: 1, perSegment: 160, remaining: 0 },
    { text: "a".repeat(161), units: 161, segments: 2, perSegment: 153, remaining: 145 },
    { text: "a".repeat(306), units: 306, segments: 2, perSegment: 153, remaining: 0 },
    { text: "a".repeat(307), units: 307, segments: 3, perSegment: 153, remaining: 152 },
    { text: "a".repeat(1530), units: 1530, segments: 10, perSegment: 153, remaining: 0 },
  ])("$units septets → $segments segment(s)", ({ text, units, segments, perSegment, remaining }) => {
    const a = analyzeSms(text);
    expect(a).toMatchObject({ encoding: "GSM-7", characters: text.length, units, segments, perSegment, remaining });
    expect(a.unicodeChars).toEqual([]);
  });

  test("æøå keep a Norwegian message in GSM-7 at 160 per segment", () => {
    const text = "Hei! Kommunestyret møtes på rådhuset. Blåbærsyltetøy serveres. ÆØÅ æøå.";
    expect(analyzeSms(text)).toMatchObject({ encoding: "GSM-7", units: text.length, segments: 1 });
  });

  test("extension characters count twice against 160", () => {
    expect(analyzeSms("€".repeat(80))).toMatchObject({ characters: 80, units: 160, segments: 1 });
    expect(analyzeSms("€".repeat(81))).toMatchObject({ characters: 81, units: 162, segments: 2 });
    expect(analyzeSms("{x}")).toMatchObject({ characters: 3, units: 5 });
  });

  test("an escape pair is never split across two parts", () => {
    // 152 septets, then a 2-septet brace: it does not fit in the 153 of part 1,
    // so part 1 carries 152 and the brace opens part 2.
    const text = "a".repeat(152) + "{" + "b".repeat(152);
    const a = analyzeSms(text);
    expect(a.units).toBe(306);
    expect(a.segments).toBe(3);
    // Without the rule 306 septets would fill exactly 2 parts.
    expect(analyzeSms("a".repeat(306)).segments).toBe(2);
  });

  test("line breaks are single septets; CR LF costs two", () => {
    expect(analyzeSms("a\nb").units).toBe(3);
    expect(analyzeSms("a\r\nb").units).toBe(4);
  });
});

describe("analyzeSms: UCS-2", () => {
  test.each(SAMI_LETTERS)("one Sami letter (%s) turns the whole message into UCS-2", (letter) => {
    const a = analyzeSms(`Bures boahtin ${letter}`);
    expect(a.encoding).toBe("UCS-2");
    expect(a.unicodeChars).toEqual([letter]);
  });

  test.each([
    { n: 70, segments: 1, perSegment: 70, remaining: 0 },
    { n: 71, segments: 2, perSegment: 67, remaining: 63 },
    { n: 134, segments: 2, perSegment: 67, remaining: 0 },
    { n: 135, segments: 3, perSegment: 67, remaining: 66 },
    { n: 670, segments: 10, perSegment: 67, remaining: 0 },
  ])("$n code units → $segments segment(s)", ({ n, segments, perSegment, remaining }) => {
    expect(analyzeSms("á".repeat(n))).toMatchObject({ encoding: "UCS-2", units: n, segments, perSegment, remaining });
  });

  test("GSM-7 characters in a UCS-2 message cost one code unit, extension ones too", () => {
    expect(analyzeSms("€á")).toMatchObject({ encoding: "UCS-2", units: 2 });
    expect(analyzeSms("Giitu, ŋ!")).toMatchObject({ encoding: "UCS-2", units: 9, characters: 9 });
  });

  test("emoji outside the BMP are surrogate pairs: 2 units, 1 character", () => {
    expect(analyzeSms("😀".repeat(35))).toMatchObject({ characters: 35, units: 70, segments: 1 });
    expect(analyzeSms("😀".repeat(36))).toMatchObject({ characters: 36, units: 72, segments: 2 });
  });

  test("a surrogate pair is never split across two parts", () => {
    // 66 + 2 + 66 = 134 = 2 × 67, but the emoji straddles the boundary.
    const a = analyzeSms("á".repeat(66) + "😀" + "á".repeat(66));
    expect(a.units).toBe(134);
    expect(a.segments).toBe(3);
  });

  test("a ZWJ sequence counts each of its code units", () => {
    const family = "👨‍👩‍👧"; // 3 emoji + 2 ZWJ = 8 code units, 5 code points
    expect(analyzeSms(family)).toMatchObject({ characters: 5, units: 8 });
    expect(analyzeSms(family).unicodeChars).toEqual([family]);
  });

  test("unicodeChars lists each offending grapheme once, in order", () => {
    const text = "Čoahkkin šaddá ikte. Áššit: ŋ, đ, ŧ, ž, č, á, š 🙂";
    expect(analyzeSms(text).unicodeChars).toEqual(["Č", "š", "á", "Á", "ŋ", "đ", "ŧ", "ž", "č", "🙂"]);
  });

  test("a decomposed å is UCS-2 until prepared", () => {
    const decomposed = "Rådhus".normalize("NFD");
    expect(analyzeSms(decomposed).encoding).toBe("UCS-2");
    expect(analyzeSms(decomposed).unicodeChars).toEqual(["å".normalize("NFD")]);
    expect(analyzeSms(prepareSmsBody(decomposed)).encoding).toBe("GSM-7");
  });
});

describe("analyzeSms: invariants", () => {
  const samples = [
    "Hei",
    "a".repeat(400),
    "€".repeat(300),
    "á".repeat(300),
    "😀".repeat(200),
    "Møte i kveld kl. 18 {rom 2} " + "ž".repeat(90),
  ];
  test.each(samples.map((s) => [s.slice(0, 12), s]))("%s… fits its segments", (_, text) => {
    const a = analyzeSms(text);
    expect(a.units).toBeLessThanOrEqual(a.segments * a.perSegment);
    // Every full part wastes at most one unit (a pair that did not fit).
    expect(a.units).toBeGreaterThanOrEqual((a.segments - 1) * (a.perSegment - 1) + 1);
    expect(a.remaining).toBeGreaterThanOrEqual(0);
    expect(a.remaining).toBeLessThan(a.perSegment);
  });
});

describe("limits", () => {
  test("ten GSM-7 segments pass, eleven are rejected with the numbers", () => {
    expect(validateSmsBody("a".repeat(1530)).ok).toBe(true);
    const r = validateSmsBody("a".repeat(1531));
    expect(r).toEqual({
      ok: false,
      error: {
        code: "sms.tooLong",
        status: 400,
        encoding: "GSM-7",
        segments: 11,
        maxSegments: 10,
        characters: 1531,
        maxCharacters: 1600,
      },
    });
  });

  test("the UCS-2 ceiling is 670 code units", () => {
    expect(validateSmsBody("ŋ".repeat(670)).ok).toBe(true);
    const r = validateSmsBody("ŋ".repeat(671));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "sms.tooLong", encoding: "UCS-2", segments: 11 });
  });

  test("the character ceiling applies when segments would allow more", () => {
    const limits = { maxSegments: 20, maxCharacters: 1600 };
    expect(validateSmsBody("a".repeat(1600), limits).ok).toBe(true);
    const r = validateSmsBody("a".repeat(1601), limits);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "sms.tooLong", segments: 11, characters: 1601 });
  });

  test("analyzeSms flags tooLong without failing", () => {
    expect(analyzeSms("a".repeat(1531)).tooLong).toBe(true);
    expect(analyzeSms("a".repeat(1530)).tooLong).toBe(false);
    expect(analyzeSms("a").limits).toEqual(DEFAULT_SMS_LIMITS);
  });

  test("an empty or blank body is rejected", () => {
    expect(validateSmsBody("")).toEqual({ ok: false, error: { code: "sms.empty", status: 400 } });
    expect(validateSmsBody(" \n ")).toEqual({ ok: false, error: { code: "sms.empty", status: 400 } });
  });
});

describe("prepareSmsBody", () => {
  test("normalises to NFC and LF", () => {
    expect(prepareSmsBody("Linje 1\r\nLinje 2\rLinje 3")).toBe("Linje 1\nLinje 2\nLinje 3");
    expect(prepareSmsBody("a\u030a")).toBe("å");
  });
});

describe("estimateCost", () => {
  test("multiplies segments, recipients and price", () => {
    expect(estimateCost(2, 1000, 0.0725)).toEqual({ totalSegments: 2000, total: 145 });
    expect(estimateCost(3, 1, 0.0725)).toEqual({ totalSegments: 3, total: 0.2175 });
    expect(estimateCost(0, 500, 0.0725)).toEqual({ totalSegments: 0, total: 0 });
  });

  test("rejects nonsense input", () => {
    expect(() => estimateCost(-1, 1, 0.1)).toThrow(RangeError);
    expect(() => estimateCost(1.5, 1, 0.1)).toThrow(RangeError);
    expect(() => estimateCost(1, -2, 0.1)).toThrow(RangeError);
    expect(() => estimateCost(1, 1, Number.NaN)).toThrow(RangeError);
    expect(() => estimateCost(1, 1, -0.1)).toThrow(RangeError);
  });
});
