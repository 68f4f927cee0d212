import { describe, expect, it } from "vitest";
import {
  dirOf,
  parseAcceptLanguage,
  readLangCookie,
  resolveLocale,
  switcherOrder,
  tenantDefaultLocale,
} from "./i18n.ts";

const nynorsk = { maalform: "nn" as const, samiArea: false };
const bokmaal = { maalform: "nb" as const, samiArea: false };
const sami = { maalform: "nb" as const, samiArea: true };

describe("language negotiation", () => {
  it("defaults to the municipality's written standard", () => {
    expect(tenantDefaultLocale(nynorsk)).toBe("nn");
    expect(tenantDefaultLocale(bokmaal)).toBe("nb");
    expect(tenantDefaultLocale({ maalform: "neutral", samiArea: false })).toBe("nb");
    expect(resolveLocale({ tenant: nynorsk })).toBe("nn");
    expect(resolveLocale({})).toBe("nb");
  });
  it("lets the cookie win over everything", () => {
    expect(resolveLocale({ cookie: "se", acceptLanguage: "en", tenant: nynorsk })).toBe("se");
    expect(resolveLocale({ cookie: "ar", tenant: bokmaal })).toBe("ar");
  });
  it("honours Accept-Language on a first visit", () => {
    expect(resolveLocale({ acceptLanguage: "pl-PL,pl;q=0.9,en;q=0.5", tenant: bokmaal })).toBe("pl");
    expect(resolveLocale({ acceptLanguage: "de-DE,uk;q=0.8,en;q=0.5" })).toBe("uk");
    expect(resolveLocale({ acceptLanguage: "nn-NO", tenant: bokmaal })).toBe("nn");
    expect(resolveLocale({ acceptLanguage: "sme,nb;q=0.5" })).toBe("se");
  });
  it("maps a generic Norwegian browser to the municipality's standard", () => {
    expect(resolveLocale({ acceptLanguage: "nb-NO,nb;q=0.9,no;q=0.8", tenant: nynorsk })).toBe("nn");
    expect(resolveLocale({ acceptLanguage: "no", tenant: bokmaal })).toBe("nb");
  });
  it("falls back to the default on a malformed header or cookie", () => {
    for (const bad of ["", ";;;", "en;q=abc", "💥", "x".repeat(5000), "en;q=2", ",,,=", "*"]) {
      expect(resolveLocale({ acceptLanguage: bad, tenant: nynorsk })).toBe("nn");
    }
    expect(readLangCookie("lng=%E0%A4%A")).toBeNull();
    expect(readLangCookie("lng=klingon")).toBeNull();
    expect(readLangCookie("other=1; lng=se")).toBe("se");
    expect(resolveLocale({ cookie: readLangCookie("lng=<script>"), tenant: bokmaal })).toBe("nb");
  });
  it("parses q-values in order and drops malformed ranges", () => {
    expect(parseAcceptLanguage("en;q=0.5, pl, uk;q=0.8")).toEqual(["pl", "uk", "en"]);
    expect(parseAcceptLanguage("en;q=0, pl")).toEqual(["pl"]);
    expect(parseAcceptLanguage("en;foo=bar, so")).toEqual(["so"]);
  });
  it("gives right-to-left for Arabic only", () => {
    expect(dirOf("ar")).toBe("rtl");
    expect(dirOf("nb")).toBe("ltr");
    expect(dirOf("se")).toBe("ltr");
  });
  it("offers Sami second in Sami-area municipalities", () => {
    expect(switcherOrder(sami).slice(0, 2)).toEqual(["nb", "se"]);
    expect(switcherOrder(nynorsk)[0]).toBe("nn");
    expect(switcherOrder(nynorsk)).toHaveLength(8);
  });
});
