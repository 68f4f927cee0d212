import ical, { ICalEventStatus } from "ical-generator";
import { Feed } from "feed";
import type { TFunction } from "i18next";
import type { Locale } from "#app/lib/i18n.ts";
import { pickText } from "#app/lib/localized.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import type { PublicCaseSummary } from "#app/modules/cases/queries.server.ts";
import type { PublicMeeting } from "#app/modules/meetings/queries.server.ts";

// Feeds built from public rows only (the queries already hide closed items
// and exempt cases): iCalendar for meetings (ical-generator), RSS 2.0 and
// Atom 1.0 for new cases and decisions (feed).

/** The agenda as plain text: closed items as "unntatt offentlighet" with their basis, never a title. */
export function agendaText(mt: PublicMeeting, locale: Locale, t: TFunction): string {
  if (!mt.agenda) return t("meeting.noAgenda");
  if (!mt.agenda.length) return t("meeting.emptyAgenda");
  return mt.agenda
    .map((it) =>
      it.closed
        ? `${it.position}. ${t("meeting.closedItem")}${it.basis ? ` (${t("meeting.closedBasis", { basis: it.basis })})` : ""}`
        : `${it.position}. ${it.caseNumber ? `${t("case.number", { number: it.caseNumber })}: ` : ""}${pickText(it.title, locale)?.value ?? ""}`,
    )
    .join("\n");
}

export function meetingsCalendar(opts: {
  name: string;
  origin: string;
  tenant: string;
  host: string;
  meetings: PublicMeeting[];
  locale: Locale;
  t: TFunction;
}): string {
  const cal = ical({
    name: opts.name,
    prodId: { company: "Medvirk", product: "medvirk", language: opts.locale.toUpperCase() },
    ttl: 3600,
  }); // times in UTC ("Z"): exact in every client, no VTIMEZONE needed
  for (const mt of opts.meetings) {
    const url = `${opts.origin}/${opts.tenant}/meetings/${mt.id}`;
    const body = pickText(mt.body.name, opts.locale)?.value ?? "";
    cal.createEvent({
      id: `${mt.id}@${opts.host}`,
      start: mt.startsAt,
      end: mt.endsAt ?? new Date(mt.startsAt.getTime() + 3 * 3_600_000),
      summary: body,
      location: mt.location ?? undefined,
      url,
      description: `${opts.t("meeting.agenda")}:\n${agendaText(mt, opts.locale, opts.t)}\n\n${url}`,
      status: mt.status === "adjourned" ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      lastModified: mt.updatedAt,
      stamp: mt.updatedAt,
    });
  }
  return cal.toString();
}

export function casesFeed(opts: {
  kind: "cases" | "decisions";
  title: string;
  origin: string;
  tenant: string;
  self: { rss: string; atom: string };
  cases: (PublicCaseSummary & { decisionText: string | null })[];
  locale: Locale;
  t: TFunction;
}): Feed {
  const home = `${opts.origin}/${opts.tenant}/cases`;
  const dateOf = (c: (typeof opts.cases)[number]) =>
    opts.kind === "decisions" ? (c.decidedAt ?? c.updatedAt) : c.createdAt;
  const feed = new Feed({
    id: `${home}#${opts.kind}`,
    title: opts.title,
    link: home,
    language: opts.locale,
    updated: opts.cases[0] ? dateOf(opts.cases[0]) : new Date(0),
    generator: "Medvirk",
    feedLinks: opts.self,
    copyright: "",
  });
  for (const c of opts.cases) {
    const link = `${opts.origin}/${opts.tenant}/cases/${caseSlug(c)}`;
    const title = `${opts.t("case.number", { number: formatCaseNumber(c) })}: ${pickText(c.title, opts.locale)?.value ?? ""}`;
    const summary = pickText(c.summary, opts.locale)?.value ?? "";
    feed.addItem({
      id: `${link}#${opts.kind}`,
      link,
      title,
      date: dateOf(c),
      description: opts.kind === "decisions" && c.decisionText ? c.decisionText.slice(0, 2000) : summary,
    });
  }
  return feed;
}
