import { describe, expect, it } from "vitest";
import { LOCALES } from "./i18n.ts";
import { FALLBACKS, pickText } from "./localized.ts";

describe("fallback chain for text staff write", () => {
  it("uses the requested language when present", () => {
    expect(pickText({ nb: "Kommunestyret", se: "Gielddastivra" }, "se")).toEqual({
      value: "Gielddastivra",
      lang: "se",
    });
  });
  it("falls back se → nb and nn → nb", () => {
    expect(pickText({ nb: "Kommunestyret" }, "se")).toEqual({ value: "Kommunestyret", lang: "nb" });
    expect(pickText({ nb: "Kommunestyret", en: "Council" }, "nn")).toEqual({ value: "Kommunestyret", lang: "nb" });
  });
  it("falls back to Bokmål, never English first, for every other language (issue 17)", () => {
    for (const l of ["pl", "uk", "so", "ar", "se", "en"] as const)
      expect(pickText({ en: "Municipal council", nb: "Kommunestyret" }, l === "en" ? "se" : l)).toEqual({
        value: "Kommunestyret",
        lang: "nb",
      });
    expect(pickText({ nb: "Kommunestyret" }, "pl")).toEqual({ value: "Kommunestyret", lang: "nb" });
    // English only when it is all there is (any text beats nothing).
    expect(pickText({ en: "Municipal council" }, "ar")).toEqual({ value: "Municipal council", lang: "en" });
  });
  it("skips blank strings and takes any text rather than nothing", () => {
    expect(pickText({ se: "  ", nb: "Tekst" }, "se")?.value).toBe("Tekst");
    expect(pickText({ uk: "Текст" }, "nb")).toEqual({ value: "Текст", lang: "uk" });
    expect(pickText({}, "nb")).toBeNull();
    expect(pickText(null, "nb")).toBeNull();
  });
  it("has a chain for every locale that starts with the locale itself", () => {
    for (const l of LOCALES) expect(FALLBACKS[l][0]).toBe(l);
  });
});
