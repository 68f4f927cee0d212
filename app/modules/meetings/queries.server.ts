import { and, asc, eq, gte, inArray } from "drizzle-orm";
import { agendaItems, bodies, cases, meetings } from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import type { LocalizedText } from "#app/lib/localized.ts";

// Public view of meetings. A closed agenda item (kommuneloven § 11-5) is
// returned as { closed: true, basis } only: never its case, title or number.
export type PublicAgendaItem =
  | { position: number; closed: false; caseNumber: string | null; title: LocalizedText | null }
  | { position: number; closed: true; basis: string | null };

export interface PublicMeeting {
  id: string;
  startsAt: Date;
  location: string | null;
  status: (typeof meetings.$inferSelect)["status"];
  body: { id: string; kind: (typeof bodies.$inferSelect)["kind"]; name: LocalizedText };
  agenda: PublicAgendaItem[] | null; // null until the notice is published
}

export async function listUpcomingMeetings(db: Db, tenantId: string, now: Date, limit = 10): Promise<PublicMeeting[]> {
  const rows = await db
    .select({ m: meetings, b: { id: bodies.id, kind: bodies.kind, name: bodies.name } })
    .from(meetings)
    .innerJoin(bodies, and(eq(bodies.id, meetings.bodyId), eq(bodies.tenantId, tenantId)))
    .where(and(eq(meetings.tenantId, tenantId), gte(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt))
    .limit(limit);
  const published = rows.filter((r) => r.m.noticePublishedAt).map((r) => r.m.id);
  const items = published.length
    ? await db
        .select({
          meetingId: agendaItems.meetingId,
          position: agendaItems.position,
          closed: agendaItems.closed,
          basis: agendaItems.closedBasis,
          year: cases.year,
          seq: cases.sequence,
          title: cases.title,
        })
        .from(agendaItems)
        .leftJoin(cases, and(eq(cases.id, agendaItems.caseId), eq(cases.tenantId, tenantId)))
        .where(and(eq(agendaItems.tenantId, tenantId), inArray(agendaItems.meetingId, published)))
        .orderBy(asc(agendaItems.position))
    : [];
  const byMeeting = new Map<string, PublicAgendaItem[]>();
  for (const it of items) {
    const list = byMeeting.get(it.meetingId) ?? [];
    list.push(
      it.closed
        ? { position: it.position, closed: true, basis: it.basis }
        : { position: it.position, closed: false, caseNumber: it.year != null && it.seq != null ? `${it.year}/${it.seq}` : null, title: it.title },
    );
    byMeeting.set(it.meetingId, list);
  }
  return rows.map((r) => ({
    id: r.m.id,
    startsAt: r.m.startsAt,
    location: r.m.location,
    status: r.m.status,
    body: r.b,
    agenda: r.m.noticePublishedAt ? (byMeeting.get(r.m.id) ?? []) : null,
  }));
}
