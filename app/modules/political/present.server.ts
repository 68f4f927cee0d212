import { formatDateTime } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { pickText } from "#app/lib/localized.ts";
import { osloDay } from "#app/modules/meetings/calendar.ts";
import type { PublicMeeting } from "#app/modules/meetings/queries.server.ts";
import type { PublicCaseSummary } from "#app/modules/cases/queries.server.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";

// Shapes public rows into what pages render: texts picked for the reader's
// language, dates formatted on the server. A closed agenda item keeps only
// its position and legal basis (the query never returned more).
export function presentMeeting(mt: PublicMeeting, locale: Locale) {
  return {
    id: mt.id,
    startsAt: mt.startsAt.toISOString(),
    day: osloDay(mt.startsAt),
    when: formatDateTime(mt.startsAt, locale),
    location: mt.location,
    remoteUrl: mt.remoteUrl,
    streamUrl: mt.streamUrl,
    status: mt.status,
    noticePublished: mt.noticePublishedAt ? formatDateTime(mt.noticePublishedAt, locale) : null,
    body: { key: mt.body.key, kind: mt.body.kind, name: pickText(mt.body.name, locale) },
    agenda:
      mt.agenda?.map((it) =>
        it.closed
          ? ({ position: it.position, closed: true, basis: it.basis } as const)
          : ({
              position: it.position,
              closed: false,
              caseNumber: it.caseNumber,
              caseSlug: it.caseSlug,
              title: pickText(it.title, locale),
            } as const),
      ) ?? null,
  };
}
export type PresentedMeeting = ReturnType<typeof presentMeeting>;

export function presentCase(c: PublicCaseSummary, locale: Locale) {
  return {
    number: formatCaseNumber(c),
    slug: caseSlug(c),
    title: pickText(c.title, locale),
    summary: pickText(c.summary, locale),
    decided: c.decided,
    decidedAt: c.decidedAt ? formatDateTime(c.decidedAt, locale) : null,
  };
}
export type PresentedCase = ReturnType<typeof presentCase>;

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

/** "desember 2026" in the reader's language (Oslo time; nb when ICU lacks the language). */
export function formatMonthName(monthStart: Date, locale: Locale): string {
  const tag = Intl.DateTimeFormat.supportedLocalesOf([INTL_TAG[locale]]).length ? INTL_TAG[locale] : "nb-NO";
  return new Intl.DateTimeFormat(tag, { month: "long", year: "numeric", timeZone: "Europe/Oslo" }).format(
    new Date(monthStart.getTime() + 3_600_000 * 12),
  );
}

/** "245 kB" / "1,2 MB" in the reader's number format. */
export function formatBytes(n: number, locale: Locale): string {
  const tag = Intl.NumberFormat.supportedLocalesOf([INTL_TAG[locale]]).length ? INTL_TAG[locale] : "nb-NO";
  if (n < 1000 * 1000)
    return new Intl.NumberFormat(tag, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(
      Math.max(1, Math.round(n / 1000)),
    );
  return new Intl.NumberFormat(tag, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(
    n / 1_000_000,
  );
}

/** A date ("2026-12-01", a calendar date) in the reader's language. */
export function formatDay(isoDate: string, locale: Locale): string {
  const tag = Intl.DateTimeFormat.supportedLocalesOf([INTL_TAG[locale]]).length ? INTL_TAG[locale] : "nb-NO";
  return new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T12:00:00Z`));
}
