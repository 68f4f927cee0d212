import type { Locale } from "./i18n.ts";

// Date and number formatting, done on the server so client and server agree.
// Intl formatters are costly to build, so one per locale is kept.
const INTL_TAG: Record<Locale, string> = {
  nb: "nb-NO",
  nn: "nn-NO",
  se: "se-NO",
  en: "en-GB",
  pl: "pl-PL",
  uk: "uk-UA",
  so: "so-SO",
  ar: "ar",
};
export const TIME_ZONE = "Europe/Oslo";

const dateTime = new Map<Locale, Intl.DateTimeFormat>();
const numbers = new Map<Locale, Intl.NumberFormat>();

function supported(tag: string): string {
  return Intl.DateTimeFormat.supportedLocalesOf([tag]).length ? tag : "nb-NO";
}

export function formatDateTime(d: Date, locale: Locale): string {
  let f = dateTime.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(supported(INTL_TAG[locale]), {
      dateStyle: "full",
      timeStyle: "short",
      timeZone: TIME_ZONE,
    });
    dateTime.set(locale, f);
  }
  return f.format(d);
}

export function formatNumber(n: number, locale: Locale): string {
  let f = numbers.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(supported(INTL_TAG[locale]));
    numbers.set(locale, f);
  }
  return f.format(n);
}
