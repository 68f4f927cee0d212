import { absoluteUrl } from "#app/lib/public-url.ts";
import { and, asc, eq, gte, inArray, isNotNull, isNull, ne, notInArray, or, lt } from "drizzle-orm";
import {
  agendaItems,
  bodies,
  consultationParticipants,
  consultations,
  councilStatements,
  meetings,
  municipalities,
  persons,
} from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import type { DomainEvent } from "#app/lib/bus.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { isLocale, type Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { sendMessage } from "#app/modules/identity/outbox.server.ts";
import { askCouncils, COUNCIL_KINDS, followCaseMeeting, type ConsultationDeps } from "./commands.server.ts";
import { tenantLocale } from "#app/modules/sms/person-locale.server.ts";

// What happens by itself when the political calendar changes (issue 6):
// - a case moved to another meeting (or its meeting rescheduled) moves the
//   closing time of its open consultations, and the participants are told;
// - a case scheduled for a deciding body's meeting asks the statutory
//   councils and the area councils it lies in for a statement, due before
//   the earliest deciding meeting that has the case on its agenda.
// The process subscribes once (server/app.ts); the work runs after the
// command's commit, one event at a time, and never fails the command.

const AGENDA_EVENTS = new Set([
  "meetings.agendaItem.added",
  "meetings.agendaItem.removed",
  "meetings.agenda.imported",
  "meetings.meeting.updated",
  "meetings.meeting.statusChanged",
]);
const COUNCIL_DAYS_BEFORE_NOTICE = 3;
const DAY = 86_400_000;

type AutoDeps = ConsultationDeps & Pick<Deps, "env">;

const queues = new WeakMap<object, Promise<void>>();

/** Subscribes to the bus; returns the unsubscribe function. */
export function attachConsultationAutomation(deps: AutoDeps): () => void {
  return deps.bus.subscribe((e: DomainEvent) => {
    if (!AGENDA_EVENTS.has(e.type) || typeof e.meetingId !== "string") return;
    const meetingId = e.meetingId;
    const prev = queues.get(deps.bus) ?? Promise.resolve();
    const next = prev
      .then(() => onAgendaChanged(deps, { tenantId: e.tenantId, meetingId }))
      .then(
        () => undefined,
        (err: unknown) => deps.log.warn({ err, type: e.type }, "consultation automation failed"),
      );
    queues.set(deps.bus, next);
  });
}

/** Resolves when the automation has handled every event published so far (tests and shutdown). */
export function automationIdle(bus: object): Promise<void> {
  return queues.get(bus) ?? Promise.resolve();
}

export interface AgendaOutcome {
  moved: { consultationId: string; closesAt: Date; participants: number; notified: number }[];
  asked: { caseId: string; meetingId: string; councils: number }[];
}

/** The agenda or time of `meetingId` changed: follow with consultations and council requests. */
export async function onAgendaChanged(
  deps: AutoDeps,
  input: { tenantId: string; meetingId: string },
): Promise<AgendaOutcome> {
  const db = deps.db.db;
  const { tenantId, meetingId } = input;
  const [onAgenda, following] = await Promise.all([
    db
      .select({ caseId: agendaItems.caseId })
      .from(agendaItems)
      .where(
        and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.tenantId, tenantId), isNotNull(agendaItems.caseId)),
      ),
    db
      .select({ caseId: consultations.caseId })
      .from(consultations)
      .where(
        and(
          eq(consultations.meetingId, meetingId),
          eq(consultations.tenantId, tenantId),
          isNull(consultations.closedAt),
        ),
      ),
  ]);
  const caseIds = [...new Set([...onAgenda, ...following].map((r) => r.caseId!).filter(Boolean))];
  const out: AgendaOutcome = { moved: [], asked: [] };
  for (const caseId of caseIds) {
    const r = await followCaseMeeting(deps, { tenantId, caseId });
    if (r.ok)
      for (const m of r.value.moved) {
        const notified = m.changed
          ? await tellParticipants(deps, { tenantId, consultationId: m.consultationId, kind: "moved" })
          : 0;
        out.moved.push({
          consultationId: m.consultationId,
          closesAt: m.closesAt,
          participants: m.participants,
          notified,
        });
      }
    const asked = await followCouncils(deps, tenantId, caseId);
    if (asked) out.asked.push(asked);
  }
  return out;
}

/**
 * Asks the councils before the earliest upcoming deciding meeting that has
 * the case on an open agenda item, unless they were already asked for that
 * meeting at that time (so a repeated event changes nothing).
 */
async function followCouncils(deps: AutoDeps, tenantId: string, caseId: string) {
  const db = deps.db.db;
  const now = deps.now();
  const [m] = await db
    .select({ id: meetings.id, startsAt: meetings.startsAt, leadDays: bodies.noticeLeadDays })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(
      and(
        eq(agendaItems.caseId, caseId),
        eq(agendaItems.tenantId, tenantId),
        eq(agendaItems.closed, false),
        notInArray(bodies.kind, [...COUNCIL_KINDS]),
        ne(meetings.status, "finished"),
        gte(meetings.startsAt, now),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(1);
  if (!m) return null;
  const deadline = new Date(m.startsAt.getTime() - (m.leadDays + COUNCIL_DAYS_BEFORE_NOTICE) * DAY);
  const existing = await db
    .select({
      meetingId: councilStatements.decidingMeetingId,
      deadline: councilStatements.deadline,
      answeredAt: councilStatements.answeredAt,
    })
    .from(councilStatements)
    .where(eq(councilStatements.caseId, caseId));
  const current =
    existing.length > 0 &&
    existing.every((s) => s.answeredAt || (s.meetingId === m.id && s.deadline.getTime() === deadline.getTime()));
  if (current) return null;
  const r = await askCouncils(deps, null, {
    tenantId,
    caseId,
    meetingId: m.id,
    daysBeforeNotice: COUNCIL_DAYS_BEFORE_NOTICE,
  });
  return r.ok ? { caseId, meetingId: m.id, councils: r.value.requested.length } : null;
}

/**
 * Tells every participant of a consultation, by e-mail or SMS as they chose:
 * that the closing time moved with the case's meeting ("moved") or was changed by
 * staff ("changed"), or what became of their input. Feedback is
 * sent once per participant (notified_at); a move is told every time it
 * happens. Returns how many messages went out.
 */
export async function tellParticipants(
  deps: AutoDeps,
  input: { tenantId: string; consultationId: string; kind: "moved" | "changed" | "feedback" },
): Promise<number> {
  const db = deps.db.db;
  const [c] = await db
    .select({
      id: consultations.id,
      title: consultations.title,
      closesAt: consultations.closesAt,
      feedback: consultations.feedback,
      feedbackAt: consultations.feedbackAt,
      slug: municipalities.slug,
    })
    .from(consultations)
    .innerJoin(municipalities, eq(municipalities.id, consultations.tenantId))
    .where(and(eq(consultations.id, input.consultationId), eq(consultations.tenantId, input.tenantId)));
  if (!c) return 0;
  if (input.kind === "feedback" && (!c.feedback || !c.feedbackAt)) return 0;
  const people = await db
    .select({
      id: consultationParticipants.id,
      notify: consultationParticipants.notify,
      email: persons.email,
      phone: persons.phone,
      locale: persons.locale,
    })
    .from(consultationParticipants)
    .innerJoin(persons, eq(persons.id, consultationParticipants.personId))
    .where(
      and(
        eq(consultationParticipants.consultationId, c.id),
        ne(consultationParticipants.notify, "none"),
        input.kind === "feedback"
          ? or(isNull(consultationParticipants.notifiedAt), lt(consultationParticipants.notifiedAt, c.feedbackAt!))
          : undefined,
      ),
    );
  const path = `/${c.slug}/consultations/${c.id}`;
  const url = absoluteUrl(deps.env, path);
  const sent: string[] = [];
  const fallback = await tenantLocale(db, input.tenantId); // the municipality's Norwegian form
  for (const p of people) {
    const channel = p.notify === "sms" && p.phone ? "sms" : p.email ? "email" : p.phone ? "sms" : null;
    if (!channel) continue;
    const locale: Locale = isLocale(p.locale) ? p.locale : fallback;
    const t = tFor(locale);
    const title = pickText(c.title, locale)?.value ?? "";
    const text =
      input.kind !== "feedback"
        ? t(`notify.${input.kind}`, { ns: "consultations", title, when: formatDateTime(c.closesAt, locale), url })
        : t("notify.feedback", {
            ns: "consultations",
            title,
            feedback: pickText(c.feedback, locale)?.value ?? "",
            url,
          });
    try {
      await sendMessage(deps as unknown as Deps, {
        channel,
        to: channel === "sms" ? p.phone! : p.email!,
        subject: t(`notify.${input.kind}Subject`, { ns: "consultations", title }),
        text,
      });
      sent.push(p.id);
    } catch (err) {
      deps.log.warn({ err, channel }, "could not tell a participant");
    }
  }
  if (input.kind === "feedback" && sent.length)
    await db
      .update(consultationParticipants)
      .set({ notifiedAt: deps.now() })
      .where(inArray(consultationParticipants.id, sent));
  return sent.length;
}
