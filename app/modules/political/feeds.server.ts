import ical, { ICalEventStatus } from "ical-generator";
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

/** One entry of a cases feed: every field plain text. */
export interface FeedEntry {
  id: string;
  link: string;
  title: string;
  date: Date;
  description: string;
}

const xml = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex -- removing exactly the characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "") // not allowed in XML 1.0
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
/** RSS readers show <description> as HTML: plain text is escaped as HTML first, then as XML. */
const rssText = (s: string) => xml(xml(s));

/**
 * RSS 2.0 and Atom 1.0 for new cases and decisions. Staff-written titles and
 * decisions go out as plain text (issue 21, defect 6): escaped, Atom's
 * type="text", no CDATA, no HTML; so a title holding "<script>" reads as
 * those characters in every reader. (The `feed` package writes titles and
 * summaries as HTML in CDATA, with no way to ask for text.)
 */
export function casesFeed(opts: {
  kind: "cases" | "decisions";
  title: string;
  origin: string;
  tenant: string;
  self: { rss: string; atom: string };
  cases: (PublicCaseSummary & { decisionText: string | null })[];
  locale: Locale;
  t: TFunction;
}): { entries: FeedEntry[]; rss2(): string; atom1(): string } {
  const home = `${opts.origin}/${opts.tenant}/cases`;
  const dateOf = (c: (typeof opts.cases)[number]) =>
    opts.kind === "decisions" ? (c.decidedAt ?? c.updatedAt) : c.createdAt;
  const entries: FeedEntry[] = opts.cases.map((c) => {
    const link = `${opts.origin}/${opts.tenant}/cases/${caseSlug(c)}`;
    const summary = pickText(c.summary, opts.locale)?.value ?? "";
    return {
      id: `${link}#${opts.kind}`,
      link,
      title: `${opts.t("case.number", { number: formatCaseNumber(c) })}: ${pickText(c.title, opts.locale)?.value ?? ""}`,
      date: dateOf(c),
      description: opts.kind === "decisions" && c.decisionText ? c.decisionText.slice(0, 2000) : summary,
    };
  });
  const updated = entries[0]?.date ?? new Date(0);
  const head = '<?xml version="1.0" encoding="utf-8"?>\n';
  return {
    entries,
    rss2: () =>
      head +
      '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n' +
      `<title>${xml(opts.title)}</title>\n<link>${xml(home)}</link>\n<description>${xml(opts.title)}</description>\n` +
      `<language>${xml(opts.locale)}</language>\n<lastBuildDate>${updated.toUTCString()}</lastBuildDate>\n` +
      `<generator>Medvirk</generator>\n<atom:link href="${xml(opts.self.rss)}" rel="self" type="application/rss+xml"/>\n` +
      entries
        .map(
          (e) =>
            `<item>\n<title>${xml(e.title)}</title>\n<link>${xml(e.link)}</link>\n<guid isPermaLink="false">${xml(e.id)}</guid>\n` +
            `<pubDate>${e.date.toUTCString()}</pubDate>\n<description>${rssText(e.description)}</description>\n</item>\n`,
        )
        .join("") +
      "</channel>\n</rss>\n",
    atom1: () =>
      head +
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(opts.locale)}">\n` +
      `<id>${xml(`${home}#${opts.kind}`)}</id>\n<title type="text">${xml(opts.title)}</title>\n` +
      `<updated>${updated.toISOString()}</updated>\n<author><name>${xml(opts.title)}</name></author>\n<generator>Medvirk</generator>\n` +
      `<link rel="alternate" href="${xml(home)}"/>\n<link rel="self" href="${xml(opts.self.atom)}"/>\n` +
      entries
        .map(
          (e) =>
            `<entry>\n<title type="text">${xml(e.title)}</title>\n<id>${xml(e.id)}</id>\n<link href="${xml(e.link)}"/>\n` +
            `<updated>${e.date.toISOString()}</updated>\n<summary type="text">${xml(e.description)}</summary>\n</entry>\n`,
        )
        .join("") +
      "</feed>\n",
  };
}
