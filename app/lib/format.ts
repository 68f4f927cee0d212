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

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** The time of day, e.g. "17:00" (Norwegian) or "5:00 PM"-style where the locale says so. */
export function formatTime(d: Date, locale: Locale): string {
  return cached(
    `time:${locale}`,
    () => new Intl.DateTimeFormat(supported(INTL_TAG[locale]), { timeStyle: "short", timeZone: TIME_ZONE }),
  ).format(d);
}

/** A date without time, e.g. "13. desember 2026". */
export function formatDate(d: Date, locale: Locale): string {
  return cached(
    `date:${locale}`,
    () => new Intl.DateTimeFormat(supported(INTL_TAG[locale]), { dateStyle: "long", timeZone: TIME_ZONE }),
  ).format(d);
}

/** A decimal number with at most `digits` fraction digits, e.g. 0,34 in Norwegian. */
export function formatDecimal(n: number, locale: Locale, digits = 2, minDigits = 0): string {
  return cached(
    `dec:${locale}:${digits}:${minDigits}`,
    () =>
      new Intl.NumberFormat(supported(INTL_TAG[locale]), {
        maximumFractionDigits: digits,
        minimumFractionDigits: minDigits,
      }),
  ).format(n);
}

/** Kroner, e.g. "1 500 kr" in Norwegian; øre shown only when there are any. */
export function formatMoney(kroner: number, locale: Locale): string {
  const whole = Number.isInteger(kroner);
  return cached(
    `nok:${locale}:${whole}`,
    () =>
      new Intl.NumberFormat(supported(INTL_TAG[locale]), {
        style: "currency",
        currency: "NOK",
        currencyDisplay: "narrowSymbol",
        minimumFractionDigits: whole ? 0 : 2,
        maximumFractionDigits: whole ? 0 : 2,
      }),
  ).format(kroner);
}

/** A share 0..1 as a percentage, e.g. 0.5 → "50 %" in Norwegian. */
export function formatPercent(share: number, locale: Locale, digits = 0): string {
  return cached(
    `pct:${locale}:${digits}`,
    () =>
      new Intl.NumberFormat(supported(INTL_TAG[locale]), {
        style: "percent",
        maximumFractionDigits: digits,
      }),
  ).format(share);
}
