import { describe, expect, test } from "vitest";
import { foldForMatch, stripBidiControls, toAsciiDigits } from "./text.ts";

describe("toAsciiDigits", () => {
  test("Arabic-Indic, Eastern Arabic-Indic and fullwidth digits", () => {
    expect(toAsciiDigits("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(toAsciiDigits("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(toAsciiDigits("０１２３４５６７８９")).toBe("0123456789");
    expect(toAsciiDigits("Rom ٣, etasje 2")).toBe("Rom 3, etasje 2");
  });
});

describe("foldForMatch", () => {
  test.each([
    ["ÁČĐŊŠŦŽ áčđŋšŧž", "acdnstz acdnstz"], // Sami
    ["Ærlig Øl Åpen", "aerlig ol apen"],
    ["Rezygnuję Łódź", "rezygnuje lodz"],
    ["Відписатися ЇЖАК Й", "відписатися іжак и"],
    ["إلغاء", "الغاء"],
    ["تَوَقَّف", "توقف"],
    ["مساعدة", "مساعده"],
    ["ﻻ", "لا"],
    ["نـعـم", "نعم"], // tatweel
    ["\u200fنعم\u200f", "نعم"],
    ["ＳＴＯＰ", "stop"],
    ["Straße", "strasse"],
  ])("%j → %j", (input, folded) => {
    expect(foldForMatch(input)).toBe(folded);
  });
});

describe("stripBidiControls", () => {
  test("removes direction marks but keeps joiners", () => {
    expect(stripBidiControls("\u200f\u202bنعم\u202c\u200e")).toBe("نعم");
    expect(stripBidiControls("👨‍👩‍👧")).toBe("👨‍👩‍👧");
  });
});
