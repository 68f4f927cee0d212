import { describe, expect, it } from "vitest";
import { LOCALES, type Locale } from "./i18n.ts";
import { formatDecimal, formatMoney, formatNumber, formatPercent } from "./format.ts";

// Numbers, money and percentages in each reader's locale (issue 17): never "0.34" or "1.50 kr"
// on a Norwegian page. White space from Intl (no-break and narrow no-break spaces) and the
// bidirectional marks of Arabic are normalised so the expectations stay readable.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ").replace(/[\u200e\u200f\u061c]/g, "");

const expected: Record<Locale, { n: string; dec: string; money: string; ore: string; pct: string }> = {
  nb: { n: "5 807", dec: "0,34", money: "1 500 000 kr", ore: "1,50 kr", pct: "50 %" },
  nn: { n: "5 807", dec: "0,34", money: "1 500 000 kr", ore: "1,50 kr", pct: "50 %" },
  se: { n: "5 807", dec: "0,34", money: "1 500 000 kr", ore: "1,50 kr", pct: "50 %" },
  en: { n: "5,807", dec: "0.34", money: "kr 1,500,000", ore: "kr 1.50", pct: "50%" },
  pl: { n: "5807", dec: "0,34", money: "1 500 000 kr", ore: "1,50 kr", pct: "50%" },
  uk: { n: "5 807", dec: "0,34", money: "1 500 000 kr", ore: "1,50 kr", pct: "50%" },
  so: { n: "5,807", dec: "0.34", money: "kr 1,500,000", ore: "kr 1.50", pct: "50%" },
  ar: { n: "5,807", dec: "0.34", money: "1,500,000 kr", ore: "1.50 kr", pct: "50%" },
};

describe("formatting in the reader's locale", () => {
  it.each(LOCALES)("%s: numbers, decimals, money and percentages", (locale) => {
    const e = expected[locale];
    expect(plain(formatNumber(5807, locale))).toBe(e.n);
    expect(plain(formatDecimal(0.3412, locale))).toBe(e.dec);
    expect(plain(formatMoney(1_500_000, locale))).toBe(e.money);
    expect(plain(formatMoney(1.5, locale))).toBe(e.ore);
    expect(plain(formatPercent(0.5, locale))).toBe(e.pct);
  });

  it("rounds a share to whole percent unless asked for digits", () => {
    expect(plain(formatPercent(0.3333, "nb"))).toBe("33 %");
    expect(plain(formatPercent(0.3333, "nb", 1))).toBe("33,3 %");
  });
});
