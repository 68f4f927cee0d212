import { siteOrigin } from "#app/lib/public-url.ts";
import { and, asc, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import {
  agendaItems,
  bodies,
  cases,
  caseSteps,
  consultations,
  followNotices,
  follows,
  meetings,
  municipalities,
  persons,
} from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import type { DomainEvent } from "#app/lib/bus.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText, type LocalizedText } from "#app/lib/localized.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { publicCase } from "#app/modules/cases/visibility.server.ts";
import { sendMessage, type OutgoingMessage } from "#app/modules/identity/outbox.server.ts";
import { mailLocale, mailText } from "./mail-text.ts";
import { tenantLocale } from "#app/modules/sms/person-locale.server.ts";

// Tells followers, by e-mail, when a case is scheduled (the notice of a
// meeting with it on the agenda is published), when input opens (a
// consultation on the case is created) and when it is decided. Driven by
// domain events on the bus, after the command's commit:
//   meetings.notice.published  → followers of the meeting's body, of the open
//                                 cases on its agenda and of their areas
//   meetings.agendaItem.added / meetings.agenda.imported (after the notice)
//                              → followers of a newly scheduled open case and of its area
//   consultations.consultation.created → followers of the case, its area and the deciding body
//   cases.decision.recorded    → followers of the case, its area and the bodies on its journey
//   meetings.meeting.updated with a new time or place after the notice
//                              → the notice's followers, told where and when it now is
// Only what the public may see is ever told: closed agenda items and exempt
// cases are left out of both the recipients' reasons and the text. A person
// is told once per event (follow_notices, unique per person and event),
// however many of the things involved they follow.
export type NotifyDeps = Pick<Deps, "db" | "now" | "log" | "env">;
type Send = (msg: OutgoingMessage) => Promise<void>;

interface Notice {
  tenantId: string;
  eventKey: string;
  caseIds: string[];
  bodyIds: string[];
  compose: (locale: ReturnType<typeof mailLocale>) => { subject: string; text: string; url: string };
}

const origin = (deps: NotifyDeps) => siteOrigin(deps.env);
const name = (t: LocalizedText | null | undefined, l: ReturnType<typeof mailLocale>) => pickText(t, l)?.value ?? "";
const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

async function slugOf(deps: NotifyDeps, tenantId: string): Promise<string | null> {
  const [m] = await deps.db.db
    .select({ slug: municipalities.slug })
    .from(municipalities)
    .where(eq(municipalities.id, tenantId));
  return m?.slug ?? null;
}

/** A meeting whose notice is published, with its open items (a case item only when the case is public). */
async function publishedMeeting(deps: NotifyDeps, tenantId: string, meetingId: string) {
  const db = deps.db.db;
  const [m] = await db
    .select({
      id: meetings.id,
      bodyId: meetings.bodyId,
      startsAt: meetings.startsAt,
      location: meetings.location,
      bodyName: bodies.name,
      published: meetings.noticePublishedAt,
    })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(eq(meetings.id, meetingId), eq(meetings.tenantId, tenantId)));
  const slug = await slugOf(deps, tenantId);
  if (!m || !m.published || !slug) return null;
  const items = await db
    .select({
      position: agendaItems.position,
      title: agendaItems.title,
      caseId: cases.id,
      year: cases.year,
      sequence: cases.sequence,
      caseTitle: cases.title,
      areaBodyId: cases.areaBodyId,
    })
    .from(agendaItems)
    .leftJoin(cases, and(eq(cases.id, agendaItems.caseId), publicCase(tenantId)))
    .where(
      and(
        eq(agendaItems.meetingId, m.id),
        eq(agendaItems.closed, false),
        or(isNull(agendaItems.caseId), isNotNull(cases.id)),
      ),
    )
    .orderBy(asc(agendaItems.position));
  return { m, items, url: `${origin(deps)}/${slug}/meetings/${m.id}` };
}

async function noticeForMeeting(deps: NotifyDeps, tenantId: string, meetingId: string): Promise<Notice | null> {
  const pm = await publishedMeeting(deps, tenantId, meetingId);
  if (!pm) return null;
  const { m, items, url } = pm;
  return {
    tenantId,
    eventKey: `notice:${m.id}`,
    caseIds: uniq(items.map((i) => i.caseId)),
    bodyIds: uniq([m.bodyId, ...items.map((i) => i.areaBodyId)]),
    compose: (l) => ({
      subject: mailText(l, "follow.mail.noticeSubject", {
        body: name(m.bodyName, l),
        when: formatDateTime(m.startsAt, l),
      }),
      text: [
        mailText(l, "follow.mail.noticeIntro", {
          body: name(m.bodyName, l),
          when: formatDateTime(m.startsAt, l),
          place: m.location ?? "–",
        }),
        "",
        ...items.map((i) =>
          i.caseId
            ? `${i.position}. ${mailText(l, "follow.mail.case", { number: formatCaseNumber({ year: i.year!, sequence: i.sequence! }) })}: ${name(i.caseTitle, l)}`
            : `${i.position}. ${name(i.title, l)}`,
        ),
        "",
        url,
      ].join("\n"),
      url,
    }),
  };
}

/**
 * One notice per open public case on a published agenda, for the followers of the case,
 * of the meeting's body and of the case's area (key "scheduled:<meeting>:<case>"). When the
 * notice is published these are only marked as told (the meeting's notice
 * told them); a case put on the agenda later is then told to its followers.
 */
async function scheduledNotices(deps: NotifyDeps, tenantId: string, meetingId: string): Promise<Notice[]> {
  const pm = await publishedMeeting(deps, tenantId, meetingId);
  if (!pm) return [];
  const { m, items, url } = pm;
  return items
    .filter((i) => i.caseId)
    .map((i): Notice => {
      const number = formatCaseNumber({ year: i.year!, sequence: i.sequence! });
      return {
        tenantId,
        eventKey: `scheduled:${m.id}:${i.caseId}`,
        caseIds: [i.caseId!],
        bodyIds: uniq([m.bodyId, i.areaBodyId]),
        compose: (l) => ({
          subject: mailText(l, "follow.mail.scheduledSubject", {
            number,
            body: name(m.bodyName, l),
            when: formatDateTime(m.startsAt, l),
          }),
          text: [
            mailText(l, "follow.mail.scheduledIntro", {
              number,
              title: name(i.caseTitle, l),
              body: name(m.bodyName, l),
              when: formatDateTime(m.startsAt, l),
              place: m.location ?? "–",
            }),
            "",
            url,
          ].join("\n"),
          url,
        }),
      };
    });
}

async function publicCaseRow(deps: NotifyDeps, tenantId: string, caseId: string) {
  const [c] = await deps.db.db
    .select({
      id: cases.id,
      year: cases.year,
      sequence: cases.sequence,
      title: cases.title,
      decisionText: cases.decisionText,
      areaBodyId: cases.areaBodyId,
    })
    .from(cases)
    .where(and(publicCase(tenantId), eq(cases.id, caseId)));
  return c ?? null;
}

async function noticeForDecision(deps: NotifyDeps, tenantId: string, caseId: string): Promise<Notice | null> {
  const c = await publicCaseRow(deps, tenantId, caseId);
  const slug = await slugOf(deps, tenantId);
  if (!c || !c.decisionText || !slug) return null;
  const steps = await deps.db.db.select({ bodyId: caseSteps.bodyId }).from(caseSteps).where(eq(caseSteps.caseId, c.id));
  const number = formatCaseNumber(c);
  const decision = c.decisionText.length > 2000 ? `${c.decisionText.slice(0, 2000)} …` : c.decisionText;
  return {
    tenantId,
    eventKey: `decided:${c.id}`,
    caseIds: [c.id],
    bodyIds: uniq([c.areaBodyId, ...steps.map((s) => s.bodyId)]),
    compose: (l) => ({
      subject: mailText(l, "follow.mail.decidedSubject", { number, title: name(c.title, l) }),
      text: [
        mailText(l, "follow.mail.decidedIntro", { number, title: name(c.title, l) }),
        "",
        decision,
        "",
        `${origin(deps)}/${slug}/cases/${caseSlug(c)}`,
      ].join("\n"),
      url: `${origin(deps)}/${slug}/cases/${caseSlug(c)}`,
    }),
  };
}

async function noticeForInput(deps: NotifyDeps, tenantId: string, consultationId: string): Promise<Notice | null> {
  const [k] = await deps.db.db
    .select({
      id: consultations.id,
      caseId: consultations.caseId,
      bodyId: consultations.bodyId,
      title: consultations.title,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
    })
    .from(consultations)
    .where(and(eq(consultations.id, consultationId), eq(consultations.tenantId, tenantId)));
  if (!k) return null;
  const c = await publicCaseRow(deps, tenantId, k.caseId);
  const slug = await slugOf(deps, tenantId);
  if (!c || !slug) return null;
  const number = formatCaseNumber(c);
  return {
    tenantId,
    eventKey: `input:${k.id}`,
    caseIds: [c.id],
    bodyIds: uniq([c.areaBodyId, k.bodyId]),
    compose: (l) => ({
      subject: mailText(l, "follow.mail.inputSubject", { number, title: name(c.title, l) }),
      text: [
        mailText(l, "follow.mail.inputIntro", {
          number,
          title: name(c.title, l),
          consultation: name(k.title, l),
          opens: formatDateTime(k.opensAt, l),
          closes: formatDateTime(k.closesAt, l),
        }),
        "",
        `${origin(deps)}/${slug}/consultations/${k.id}`,
      ].join("\n"),
      url: `${origin(deps)}/${slug}/consultations/${k.id}`,
    }),
  };
}

/** After the notice: the meeting has a new time or place (key per time and place, so a second move is told again). */
async function noticeForMove(deps: NotifyDeps, tenantId: string, meetingId: string): Promise<Notice | null> {
  const pm = await publishedMeeting(deps, tenantId, meetingId);
  if (!pm) return null;
  const { m, items, url } = pm;
  return {
    tenantId,
    eventKey: `moved:${m.id}:${m.startsAt.toISOString()}:${m.location ?? ""}`.slice(0, 400),
    caseIds: uniq(items.map((i) => i.caseId)),
    bodyIds: uniq([m.bodyId, ...items.map((i) => i.areaBodyId)]),
    compose: (l) => ({
      subject: mailText(l, "follow.mail.movedSubject", {
        body: name(m.bodyName, l),
        when: formatDateTime(m.startsAt, l),
      }),
      text: [
        mailText(l, "follow.mail.movedIntro", {
          body: name(m.bodyName, l),
          when: formatDateTime(m.startsAt, l),
          place: m.location ?? "–",
        }),
        "",
        url,
      ].join("\n"),
      url,
    }),
  };
}

/** The notice an event calls for, or null (not an event followers hear about, or nothing public to tell). */
export async function noticeFor(deps: NotifyDeps, e: DomainEvent): Promise<Notice | null> {
  if (e.type === "meetings.notice.published" && typeof e.meetingId === "string")
    return noticeForMeeting(deps, e.tenantId, e.meetingId);
  if (e.type === "cases.decision.recorded" && typeof e.caseId === "string")
    return noticeForDecision(deps, e.tenantId, e.caseId);
  if (e.type === "consultations.consultation.created" && typeof e.consultationId === "string")
    return noticeForInput(deps, e.tenantId, e.consultationId);
  if (e.type === "meetings.meeting.updated" && e.moved === true && typeof e.meetingId === "string")
    return noticeForMove(deps, e.tenantId, e.meetingId);
  return null;
}

/** Sends the notice to everyone following one of its cases or bodies, once per person, by e-mail or SMS as they chose. Returns how many were sent. */
export async function deliver(deps: NotifyDeps, n: Notice, send: Send): Promise<number> {
  const db = deps.db.db;
  const conds = [];
  if (n.caseIds.length) conds.push(and(eq(follows.targetType, "case"), inArray(follows.targetId, n.caseIds)));
  if (n.bodyIds.length) conds.push(and(eq(follows.targetType, "body"), inArray(follows.targetId, n.bodyIds)));
  if (!conds.length) return 0;
  const rows = await db
    .select({
      id: persons.id,
      email: persons.email,
      emailOk: persons.emailVerifiedAt,
      phone: persons.phone,
      phoneOk: persons.phoneVerifiedAt,
      locale: persons.locale,
      channel: follows.channel,
    })
    .from(follows)
    .innerJoin(persons, eq(persons.id, follows.personId))
    .where(and(eq(follows.tenantId, n.tenantId), or(...conds), isNull(persons.deletedAt)));
  // One message per person: by e-mail if any of their follows here asks for it, else by SMS.
  const people = new Map<string, { to: string; channel: "email" | "sms"; locale: string | null }>();
  for (const r of rows) {
    const email = r.email && r.emailOk ? r.email : null;
    const phone = r.phone && r.phoneOk ? r.phone : null;
    const pick =
      r.channel === "sms"
        ? phone
          ? { to: phone, channel: "sms" as const }
          : null
        : email
          ? { to: email, channel: "email" as const }
          : null;
    if (!pick) continue;
    const had = people.get(r.id);
    if (!had || (had.channel === "sms" && pick.channel === "email")) people.set(r.id, { ...pick, locale: r.locale });
  }
  const following = `${origin(deps)}/${(await slugOf(deps, n.tenantId)) ?? ""}/following`;
  let sent = 0;
  const fallback = await tenantLocale(db, n.tenantId); // the municipality's Norwegian form
  for (const [personId, p] of people) {
    // Claim the (person, event) pair first: a second delivery of the same event sends nothing.
    const claimed = await db
      .insert(followNotices)
      .values({ tenantId: n.tenantId, personId, eventKey: n.eventKey })
      .onConflictDoNothing()
      .returning({ id: followNotices.id });
    if (!claimed.length) continue;
    const locale = mailLocale(p.locale ?? fallback);
    const { subject, text, url } = n.compose(locale);
    const msg: OutgoingMessage =
      p.channel === "email"
        ? {
            channel: "email",
            to: p.to,
            subject,
            text: `${text}\n\n${mailText(locale, "follow.mail.footer", { url: following })}`,
          }
        : { channel: "sms", to: p.to, text: `${subject}\n${url}` };
    try {
      await send(msg);
      await db.update(followNotices).set({ sentAt: deps.now() }).where(eq(followNotices.id, claimed[0]!.id));
      sent++;
    } catch (err) {
      deps.log.warn({ err, eventKey: n.eventKey, channel: p.channel }, "a follower's notice could not be sent");
      await db
        .update(followNotices)
        .set({ error: String((err as Error)?.message ?? err).slice(0, 500) })
        .where(eq(followNotices.id, claimed[0]!.id));
    }
  }
  return sent;
}

const HEARD = new Set([
  "meetings.meeting.updated",
  "meetings.notice.published",
  "meetings.agendaItem.added",
  "meetings.agenda.imported",
  "cases.decision.recorded",
  "consultations.consultation.created",
]);

/** What one event makes the notifier do. */
export async function handleEvent(deps: NotifyDeps, e: DomainEvent, send: Send): Promise<void> {
  const meetingId = typeof e.meetingId === "string" ? e.meetingId : null;
  if (e.type === "meetings.notice.published" && meetingId) {
    const n = await noticeFor(deps, e);
    if (n) await deliver(deps, n, send);
    for (const s of await scheduledNotices(deps, e.tenantId, meetingId)) await deliver(deps, s, async () => {}); // told by the notice above
    return;
  }
  if ((e.type === "meetings.agendaItem.added" || e.type === "meetings.agenda.imported") && meetingId) {
    for (const s of await scheduledNotices(deps, e.tenantId, meetingId)) await deliver(deps, s, send);
    return;
  }
  const n = await noticeFor(deps, e);
  if (n) await deliver(deps, n, send);
}

export interface FollowNotifier {
  /** Resolves when every notice started so far has been delivered (graceful stop, tests). */
  idle(): Promise<void>;
  stop(): void;
}

/** Subscribes to the bus; deliveries run after the command, never failing it. */
export function attachFollowNotices(
  deps: NotifyDeps & Pick<Deps, "bus">,
  send: Send = (msg) => sendMessage(deps as Deps, msg),
): FollowNotifier {
  const pending = new Set<Promise<void>>();
  const unsubscribe = deps.bus.subscribe((e) => {
    if (!HEARD.has(e.type)) return;
    const p = handleEvent(deps, e, send)
      .catch((err) => deps.log.error({ err, type: e.type }, "notifying followers failed"))
      .finally(() => pending.delete(p));
    pending.add(p);
  });
  return {
    idle: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
    stop: unsubscribe,
  };
}
