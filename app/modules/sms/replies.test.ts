import { describe, expect, test } from "vitest";
import { REPLY_LOCALES, keywordSets, parseReply, type Expecting, type ReplyLocale } from "./replies.ts";

const YESNO: Expecting = { kind: "yesno" };
const FREE: Expecting = { kind: "free" };
const ONE_OF_5: Expecting = { kind: "choices", options: ["1", "2", "3", "4", "5"] };
const UP_TO_3_OF_9: Expecting = {
  kind: "choices",
  options: ["1", "2", "3", "4", "5", "6", "7", "8", "9"],
  min: 1,
  max: 3,
};
const LETTERS: Expecting = { kind: "choices", options: ["A", "B", "C", "D"], min: 1, max: 4 };

type Row = { locale: ReplyLocale; text: string; expected: string };

// One table, every language: what a recipient types → what we understand.
const rows: Row[] = [
  // Norwegian Bokmål
  { locale: "nb", text: "Ja", expected: "yes" },
  { locale: "nb", text: "ja takk!", expected: "yes" },
  { locale: "nb", text: "NEI", expected: "no" },
  { locale: "nb", text: "Nei takk.", expected: "no" },
  { locale: "nb", text: "STOPP", expected: "stop" },
  { locale: "nb", text: "avmeld", expected: "stop" },
  { locale: "nb", text: "Meld av", expected: "stop" },
  { locale: "nb", text: "Avslutt", expected: "stop" },
  { locale: "nb", text: "start", expected: "start" },
  { locale: "nb", text: "Meld på", expected: "start" },
  { locale: "nb", text: "Hjelp", expected: "help" },
  // Norwegian Nynorsk
  { locale: "nn", text: "JA", expected: "yes" },
  { locale: "nn", text: "nei", expected: "no" },
  { locale: "nn", text: "Stopp", expected: "stop" },
  { locale: "nn", text: "AVMELD", expected: "stop" },
  { locale: "nn", text: "Start", expected: "start" },
  { locale: "nn", text: "hjelp", expected: "help" },
  // Northern Sami
  { locale: "se", text: "Juo", expected: "yes" },
  { locale: "se", text: "juo, giitu", expected: "yes" },
  { locale: "se", text: "Ii", expected: "no" },
  { locale: "se", text: "JA", expected: "yes" }, // Norwegian, as Sami speakers in Norway often answer
  { locale: "se", text: "NEI", expected: "no" },
  { locale: "se", text: "BISSET", expected: "stop" },
  { locale: "se", text: "Heaitte", expected: "stop" },
  { locale: "se", text: "Álgge", expected: "start" },
  { locale: "se", text: "algge", expected: "start" },
  { locale: "se", text: "Veahkki", expected: "help" },
  // English
  { locale: "en", text: "Yes", expected: "yes" },
  { locale: "en", text: "y", expected: "yes" },
  { locale: "en", text: "No thank you", expected: "no" },
  { locale: "en", text: "nope", expected: "no" },
  { locale: "en", text: "UNSUBSCRIBE", expected: "stop" },
  { locale: "en", text: "Cancel", expected: "stop" },
  { locale: "en", text: "opt-out", expected: "stop" },
  { locale: "en", text: "unstop", expected: "start" },
  { locale: "en", text: "info", expected: "help" },
  // Polish
  { locale: "pl", text: "Tak", expected: "yes" },
  { locale: "pl", text: "NIE", expected: "no" },
  { locale: "pl", text: "nie.", expected: "no" },
  { locale: "pl", text: "No", expected: "invalid" }, // colloquial "yeah" in Polish
  { locale: "pl", text: "Wypisz", expected: "stop" },
  { locale: "pl", text: "rezygnuje", expected: "stop" },
  { locale: "pl", text: "START", expected: "start" },
  { locale: "pl", text: "Pomoc", expected: "help" },
  // Ukrainian
  { locale: "uk", text: "Так", expected: "yes" },
  { locale: "uk", text: "tak", expected: "yes" },
  { locale: "uk", text: "НІ", expected: "no" },
  { locale: "uk", text: "ні", expected: "no" },
  { locale: "uk", text: "СТОП", expected: "stop" },
  { locale: "uk", text: "Відписатися", expected: "stop" },
  { locale: "uk", text: "старт", expected: "start" },
  { locale: "uk", text: "Допомога", expected: "help" },
  // Somali
  { locale: "so", text: "HAA", expected: "yes" },
  { locale: "so", text: "haa", expected: "yes" },
  { locale: "so", text: "Maya", expected: "no" },
  { locale: "so", text: "JOOJI", expected: "stop" },
  { locale: "so", text: "Bilow", expected: "start" },
  { locale: "so", text: "caawi", expected: "help" },
  // Arabic
  { locale: "ar", text: "نعم", expected: "yes" },
  { locale: "ar", text: "\u200fنعم\u200f", expected: "yes" }, // wrapped in RLM
  { locale: "ar", text: "أجل", expected: "yes" },
  { locale: "ar", text: "لا", expected: "no" },
  { locale: "ar", text: "لأ", expected: "no" },
  { locale: "ar", text: "ﻻ", expected: "no" }, // lam-alef presentation form
  { locale: "ar", text: "توقف", expected: "stop" },
  { locale: "ar", text: "تَوَقَّف", expected: "stop" }, // with vowel marks
  { locale: "ar", text: "الغاء الاشتراك", expected: "stop" },
  { locale: "ar", text: "ابدا", expected: "start" },
  { locale: "ar", text: "مساعده", expected: "help" }, // heh for teh marbuta
  { locale: "ar", text: "مساعدة؟", expected: "help" },
];

describe("parseReply: yes/no, stop, start, help in all eight languages", () => {
  test("the table covers every language and every keyword kind", () => {
    for (const locale of REPLY_LOCALES) {
      const kinds = new Set(rows.filter((r) => r.locale === locale).map((r) => r.expected));
      expect([...kinds].sort(), locale).toEqual(expect.arrayContaining(["help", "no", "start", "stop", "yes"]));
    }
  });

  test.each(rows)("$locale: $text → $expected", ({ locale, text, expected }) => {
    expect(parseReply(text, locale, YESNO).kind).toBe(expected);
  });
});

describe("parseReply: choices in all eight languages", () => {
  test.each<[ReplyLocale, string, string[]]>([
    ["nb", "1, 3 og 7", ["1", "3", "7"]],
    ["nn", "7 og 1", ["1", "7"]],
    ["se", "1 ja 3", ["1", "3"]],
    ["en", "1 3 and 7", ["1", "3", "7"]],
    ["pl", "3 i 7", ["3", "7"]],
    ["uk", "1 та 3 і 7", ["1", "3", "7"]],
    ["so", "2 iyo 9", ["2", "9"]],
    ["ar", "١ و ٣ و ٧", ["1", "3", "7"]],
    ["ar", "١و٣", ["1", "3"]], // "و" joined to the digit
    ["ar", "۱،۳", ["1", "3"]], // Eastern digits, Arabic comma
    ["ar", "\u200f٧\u200f", ["7"]],
  ])("%s: %j → %j", (locale, text, values) => {
    expect(parseReply(text, locale, UP_TO_3_OF_9)).toEqual({ kind: "choices", values });
  });

  test.each([
    ["1 3 7", ["1", "3", "7"]],
    ["1,3,7", ["1", "3", "7"]],
    ["1;3;7", ["1", "3", "7"]],
    ["1/3/7", ["1", "3", "7"]],
    ["  7.  3. 1. ", ["1", "3", "7"]],
    ["137", ["1", "3", "7"]],
    ["3 3 1 1", ["1", "3"]],
    ["#2", ["2"]],
    ["２", ["2"]], // fullwidth
  ])("separators and duplicates: %j → %j", (text, values) => {
    expect(parseReply(text, "nb", UP_TO_3_OF_9)).toEqual({ kind: "choices", values });
  });

  test.each([
    ["A C", ["A", "C"]],
    ["a,c", ["A", "C"]],
    ["c a", ["A", "C"]],
    ["AC", ["A", "C"]],
    ["b og d", ["B", "D"]],
    ["Ｂ", ["B"]],
  ])("letters: %j → %j", (text, values) => {
    expect(parseReply(text, "nb", LETTERS)).toEqual({ kind: "choices", values });
  });

  test("Cyrillic look-alike letters pick the Latin option", () => {
    expect(parseReply("А, С", "uk", LETTERS)).toEqual({ kind: "choices", values: ["A", "C"] });
    expect(parseReply("в", "uk", LETTERS)).toEqual({ kind: "choices", values: ["B"] });
  });

  test('a conjunction at the edge is not dropped, so a lone "i" still picks I in Polish', () => {
    const upToI: Expecting = { kind: "choices", options: Array.from("ABCDEFGHI"), min: 1, max: 1 };
    expect(parseReply("i", "pl", upToI)).toEqual({ kind: "choices", values: ["I"] });
  });

  test("labels are returned as given, in option order", () => {
    const exp: Expecting = { kind: "choices", options: ["x1", "x2", "x3"], max: 3 };
    expect(parseReply("X3 x1", "nb", exp)).toEqual({ kind: "choices", values: ["x1", "x3"] });
  });

  test.each<[string, Expecting, object]>([
    ["6", ONE_OF_5, { reason: "outOfRange", tokens: ["6"] }],
    ["0", ONE_OF_5, { reason: "outOfRange", tokens: ["0"] }],
    ["12", ONE_OF_5, { reason: "outOfRange", tokens: ["12"] }],
    ["1 10", UP_TO_3_OF_9, { reason: "outOfRange", tokens: ["10"] }],
    ["E", LETTERS, { reason: "outOfRange", tokens: ["e"] }],
    ["1 2", ONE_OF_5, { reason: "tooMany" }],
    ["1 2 3 4", UP_TO_3_OF_9, { reason: "tooMany" }],
    ["1234", UP_TO_3_OF_9, { reason: "tooMany" }],
    ["1", { kind: "choices", options: ["1", "2", "3"], min: 2, max: 3 }, { reason: "tooFew" }],
    ["to", ONE_OF_5, { reason: "unrecognized", tokens: ["to"] }],
    ["ja", ONE_OF_5, { reason: "unrecognized", tokens: ["ja"] }],
    ["1 eller 2", UP_TO_3_OF_9, { reason: "unrecognized", tokens: ["eller"] }],
    ["1-3", UP_TO_3_OF_9, { reason: "unrecognized", tokens: ["1-3"] }],
    ["1 – 3", UP_TO_3_OF_9, { reason: "unrecognized", tokens: ["–"] }],
    ["A", ONE_OF_5, { reason: "unrecognized", tokens: ["a"] }],
    ["...", ONE_OF_5, { reason: "empty" }],
    ["", ONE_OF_5, { reason: "empty" }],
  ])("invalid: %j", (text, exp, invalid) => {
    expect(parseReply(text, "nb", exp)).toEqual({ kind: "invalid", ...invalid });
  });

  test("keywords win over choices", () => {
    expect(parseReply("STOPP", "nb", UP_TO_3_OF_9)).toEqual({ kind: "stop" });
    expect(parseReply("hjelp", "nb", LETTERS)).toEqual({ kind: "help" });
    expect(parseReply("END", "en", LETTERS)).toEqual({ kind: "stop" });
  });

  test("a bare YES to a choice question is an opt-in, as Twilio reads it", () => {
    expect(parseReply("yes", "en", ONE_OF_5)).toEqual({ kind: "start" });
  });

  test("duplicate or multi-word labels are a programming error", () => {
    expect(() => parseReply("1", "nb", { kind: "choices", options: ["1", "1"] })).toThrow(/distinct/);
    expect(() => parseReply("a", "nb", { kind: "choices", options: ["A", "a"] })).toThrow(/distinct/);
    expect(() => parseReply("1", "nb", { kind: "choices", options: ["Vet ikke"] })).toThrow(/single words/);
    expect(() => parseReply("1", "nb", { kind: "choices", options: [""] })).toThrow(/single words/);
  });
});

describe("parseReply: tolerance", () => {
  test.each([
    ["  ja  ", "yes"],
    ["JA!!!", "yes"],
    ["«Ja»", "yes"],
    ["Ja 🙂", "yes"],
    ["j a", "yes"],
    ["👍", "yes"],
    ["👍🏽", "yes"],
    ["✔️", "yes"],
    ["👎", "no"],
    ["❌", "no"],
    ["🤷", "invalid"],
    ["ja nei", "invalid"],
    ["kanskje", "invalid"],
    ["Stopp.", "stop"],
    ["s t o p p", "stop"],
    ["\u200eSTOP\u200e", "stop"],
    ["ＳＴＯＰ", "stop"], // fullwidth
    ["hjelp?", "help"],
  ])("nb yes/no: %j → %s", (text, kind) => {
    expect(parseReply(text, "nb", YESNO).kind).toBe(kind);
  });

  test("an opt-out in any of our languages is honoured whatever the locale", () => {
    for (const locale of REPLY_LOCALES) {
      for (const word of [
        "STOP",
        "STOPP",
        "AVMELD",
        "BISSET",
        "СТОП",
        "JOOJI",
        "توقف",
        "WYPISZ",
        "STOPALL",
        "STOPPALL",
        "REVOKE",
        "OPTOUT",
        "QUIT",
      ]) {
        expect(parseReply(word, locale, FREE), `${locale} ${word}`).toEqual({ kind: "stop" });
      }
    }
  });

  test("an empty or invisible reply is empty", () => {
    expect(parseReply("", "nb", YESNO)).toEqual({ kind: "invalid", reason: "empty" });
    expect(parseReply(" \n\t", "ar", YESNO)).toEqual({ kind: "invalid", reason: "empty" });
    expect(parseReply("\u200f\u200e", "ar", FREE)).toEqual({ kind: "invalid", reason: "empty" });
  });
});

describe("parseReply: free text", () => {
  test("keeps the message, minus bidi marks and outer whitespace", () => {
    expect(parseReply("  Stopp byggingen av veien!  ", "nb", FREE)).toEqual({
      kind: "text",
      text: "Stopp byggingen av veien!",
    });
    expect(parseReply("\u200fنعم، أوافق\u200f", "ar", FREE)).toEqual({ kind: "text", text: "نعم، أوافق" });
    expect(parseReply("Bra 👨‍👩‍👧", "nb", FREE)).toEqual({ kind: "text", text: "Bra 👨‍👩‍👧" });
  });

  test("a one-word answer that is not a Twilio keyword stays text", () => {
    expect(parseReply("Ja", "nb", FREE)).toEqual({ kind: "text", text: "Ja" });
  });

  test("keywords still win, and a bare YES is an opt-in", () => {
    expect(parseReply("stopp", "nb", FREE)).toEqual({ kind: "stop" });
    expect(parseReply("START", "nb", FREE)).toEqual({ kind: "start" });
    expect(parseReply("Help", "nb", FREE)).toEqual({ kind: "help" });
    expect(parseReply("YES", "nb", FREE)).toEqual({ kind: "start" });
  });
});

describe("word lists", () => {
  test.each(REPLY_LOCALES)("%s: no word belongs to two kinds", (locale) => {
    const sets = keywordSets(locale);
    const kinds = ["stop", "start", "help", "yes", "no"] as const;
    for (const a of kinds) {
      expect(sets[a].has(""), `${a} contains an empty key`).toBe(false);
      for (const b of kinds) {
        if (a >= b) continue;
        const shared = [...sets[a]].filter((k) => sets[b].has(k));
        expect(shared, `${locale}: ${a} ∩ ${b}`).toEqual([]);
      }
    }
  });
});
