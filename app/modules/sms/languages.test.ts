import { describe, expect, test } from "vitest";
import { isUnsupportedLanguage, languageSwitch, replyLanguage, replyLanguages, scriptLanguage } from "./languages.ts";
import { parseReply } from "./replies.ts";

describe("replyLanguage: which of our languages a reply is written in", () => {
  test.each([
    ["JA", "nb"],
    ["Juo", "se"],
    ["YES", "en"],
    ["Tak", "pl"],
    ["Так", "uk"],
    ["Haa", "so"],
    ["نعم", "ar"],
    ["STOPP", "nb"],
    ["BISSET", "se"],
    ["WYPISZ", "pl"],
    ["СТОП", "uk"],
    ["JOOJI", "so"],
    ["توقف", "ar"],
  ] as const)("%s → %s", (text, lang) => {
    expect(replyLanguage(text)).toBe(lang);
  });

  test("a word of the current language keeps it (JA in Nynorsk stays Nynorsk, TAK in Ukrainian stays)", () => {
    expect(replyLanguage("Ja", "nn")).toBe("nn");
    expect(replyLanguage("TAK", "uk")).toBe("uk");
    expect(replyLanguages("Ja")).toEqual(["nb", "nn"]);
  });

  test("international words, single letters, numbers, codes and ballots say nothing", () => {
    for (const t of ["STOP", "start", "Help", "INFO", "ok", "J", "N", "1", "P1 P4", "K7M2Q9XA", "Hei på deg"])
      expect(replyLanguage(t)).toBeNull();
  });
});

describe("isUnsupportedLanguage", () => {
  test.each(["Sí", "oui", "Merci", "Evet", "Danke", "Да", "بله", "是的", "はい", "네", "አዎ", "ναι", "چطور"])(
    "%s is in a language we do not read",
    (text) => expect(isUnsupportedLanguage(text)).toBe(true),
  );
  test.each(["JA", "Juo", "نعم", "Так", "Haa", "Hei, hva er dette?", "1", "P1 P4", "Hello"])("%s is not", (text) =>
    expect(isUnsupportedLanguage(text)).toBe(false),
  );
});

describe("scriptLanguage", () => {
  test("guesses Arabic, Ukrainian and Sami from the script, nothing from Latin letters", () => {
    expect(scriptLanguage("مرحبا")).toBe("ar");
    expect(scriptLanguage("Привіт")).toBe("uk");
    expect(scriptLanguage("Buorre beaivi, mun lean Áŋŋe")).toBe("se");
    expect(scriptLanguage("Hei")).toBeNull();
    expect(scriptLanguage("بله")).toBeNull();
  });
});

describe("parseReply: yes/no with further yes words", () => {
  test("an invitation code means yes; YES is yes, not Twilio's opt-in, when we asked yes or no", () => {
    const expecting = { kind: "yesno", alsoYes: ["K7M2Q9XA"] } as const;
    expect(parseReply("k7m2 q9xa", "nb", expecting)).toEqual({ kind: "yes" });
    expect(parseReply("K7M2Q9XB", "nb", expecting)).toMatchObject({ kind: "invalid" });
    expect(parseReply("YES", "nb", { kind: "yesno" })).toEqual({ kind: "yes" });
  });
});

describe("languageSwitch", () => {
  test("any of our languages sets an unknown one", () => {
    expect(languageSwitch(null, "nb")).toBe("nb");
    expect(languageSwitch(null, "en")).toBe("en");
  });
  test("Norwegian and English words are borrowed: they do not move a known language", () => {
    expect(languageSwitch("pl", "nb")).toBeNull(); // a Polish speaker answering JA
    expect(languageSwitch("se", "nb")).toBeNull(); // a Sami speaker answering NEI
    expect(languageSwitch("nb", "en")).toBeNull(); // YES to a Bokmål question
    expect(languageSwitch("nn", "nb")).toBeNull();
  });
  test("Sami, Polish, Ukrainian, Somali and Arabic words move it", () => {
    expect(languageSwitch("nb", "se")).toBe("se");
    expect(languageSwitch("nb", "ar")).toBe("ar");
    expect(languageSwitch("en", "pl")).toBe("pl");
    expect(languageSwitch("se", "se")).toBeNull();
  });
});
