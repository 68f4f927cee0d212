import { and, asc, desc, eq, gte, inArray, isNotNull, lt, notInArray, or, sql, type SQL } from "drizzle-orm";
import { agendaItems, bodies, cases, meetings } from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import type { LocalizedText } from "#app/lib/localized.ts";

// Public view of meetings. A closed agenda item (kommuneloven § 11-5) is
// returned as { closed: true, basis } only: never its case, title or number.
// The agenda is public only once the notice is published.
export type PublicAgendaItem =
  | { position: number; closed: false; caseNumber: string | null; caseSlug: string | null; title: LocalizedText | null }
  | { position: number; closed: true; basis: string | null };

export interface PublicMeeting {
  id: string;
  startsAt: Date;
  endsAt: Date | null;
  location: string | null;
  remoteUrl: string | null;
  streamUrl: string | null;
  status: (typeof meetings.$inferSelect)["status"];
  noticePublishedAt: Date | null;
  updatedAt: Date;
  body: {
    id: string;
    key: string;
    kind: (typeof bodies.$inferSelect)["kind"];
    name: LocalizedText;
    noticeLeadDays: number;
  };
  agenda: PublicAgendaItem[] | null; // null until the notice is published
}

const meetingColumns = {
  m: {
    id: meetings.id,
    startsAt: meetings.startsAt,
    endsAt: meetings.endsAt,
    location: meetings.location,
    remoteUrl: meetings.remoteUrl,
    streamUrl: meetings.streamUrl,
    status: meetings.status,
    noticePublishedAt: meetings.noticePublishedAt,
    updatedAt: meetings.updatedAt,
  },
  b: { id: bodies.id, key: bodies.key, kind: bodies.kind, name: bodies.name, noticeLeadDays: bodies.noticeLeadDays },
};

/** The public agendas of some meetings, in one query. */
async function agendasFor(db: Db, tenantId: string, meetingIds: string[]): Promise<Map<string, PublicAgendaItem[]>> {
  const byMeeting = new Map<string, PublicAgendaItem[]>();
  if (!meetingIds.length) return byMeeting;
  const items = await db
    .select({
      meetingId: agendaItems.meetingId,
      position: agendaItems.position,
      closed: agendaItems.closed,
      basis: agendaItems.closedBasis,
      itemTitle: agendaItems.title,
      year: cases.year,
      seq: cases.sequence,
      caseClosed: cases.closedBasis,
      title: cases.title,
    })
    .from(agendaItems)
    .leftJoin(cases, and(eq(cases.id, agendaItems.caseId), eq(cases.tenantId, tenantId)))
    .where(and(eq(agendaItems.tenantId, tenantId), inArray(agendaItems.meetingId, meetingIds)))
    .orderBy(asc(agendaItems.position));
  for (const it of items) {
    const list = byMeeting.get(it.meetingId) ?? [];
    // A case exempt as a whole is shown closed even on an item marked open.
    const closed = it.closed || it.caseClosed != null;
    list.push(
      closed
        ? { position: it.position, closed: true, basis: it.closed ? it.basis : it.caseClosed }
        : {
            position: it.position,
            closed: false,
            caseNumber: it.year != null && it.seq != null ? `${it.year}/${it.seq}` : null,
            caseSlug: it.year != null && it.seq != null ? `${it.year}-${it.seq}` : null,
            title: it.title ?? it.itemTitle,
          },
    );
    byMeeting.set(it.meetingId, list);
  }
  return byMeeting;
}

type Row = { m: Omit<PublicMeeting, "body" | "agenda">; b: PublicMeeting["body"] };

async function withAgendas(db: Db, tenantId: string, rows: Row[]): Promise<PublicMeeting[]> {
  const agendas = await agendasFor(
    db,
    tenantId,
    rows.filter((r) => r.m.noticePublishedAt).map((r) => r.m.id),
  );
  return rows.map((r) => ({ ...r.m, body: r.b, agenda: r.m.noticePublishedAt ? (agendas.get(r.m.id) ?? []) : null }));
}

export async function listUpcomingMeetings(db: Db, tenantId: string, now: Date, limit = 10): Promise<PublicMeeting[]> {
  // A meeting already held (finished) is not upcoming, even if it was dated later.
  return listMeetings(db, tenantId, { from: now, limit, excludeStatuses: ["finished"] });
}

export interface MeetingFilter {
  from?: Date;
  to?: Date;
  bodyId?: string;
  /** Meetings of this area council, and meetings with an open item on a case tagged with this area. */
  areaBodyId?: string;
  limit?: number;
  order?: "asc" | "desc";
  excludeStatuses?: (typeof meetings.$inferSelect.status)[];
}

/** Meetings with their public agendas: two queries, whatever the number of meetings. */
export async function listMeetings(db: Db, tenantId: string, f: MeetingFilter = {}): Promise<PublicMeeting[]> {
  const conds: SQL[] = [eq(meetings.tenantId, tenantId)];
  if (f.from) conds.push(gte(meetings.startsAt, f.from));
  if (f.to) conds.push(lt(meetings.startsAt, f.to));
  if (f.bodyId) conds.push(eq(meetings.bodyId, f.bodyId));
  if (f.excludeStatuses?.length) conds.push(notInArray(meetings.status, f.excludeStatuses));
  if (f.areaBodyId)
    conds.push(
      or(
        eq(meetings.bodyId, f.areaBodyId),
        sql`exists (select 1 from agenda_items ai join cases c on c.id = ai.case_id where ai.meeting_id = ${meetings.id} and not ai.closed and c.closed_basis is null and c.area_body_id = ${f.areaBodyId} and ${meetings.noticePublishedAt} is not null)`,
      )!,
    );
  const q = db
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(bodies, and(eq(bodies.id, meetings.bodyId), eq(bodies.tenantId, tenantId)))
    .where(and(...conds))
    .orderBy(f.order === "desc" ? desc(meetings.startsAt) : asc(meetings.startsAt));
  const rows = f.limit ? await q.limit(f.limit) : await q;
  return withAgendas(db, tenantId, rows);
}

export async function getMeeting(db: Db, tenantId: string, meetingId: string): Promise<PublicMeeting | null> {
  if (!/^[0-9a-f-]{36}$/i.test(meetingId)) return null;
  const rows = await db
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(bodies, and(eq(bodies.id, meetings.bodyId), eq(bodies.tenantId, tenantId)))
    .where(and(eq(meetings.tenantId, tenantId), eq(meetings.id, meetingId)));
  if (!rows.length) return null;
  return (await withAgendas(db, tenantId, rows))[0]!;
}

/** Recently published notices, newest first (for the feeds). */
export async function listPublishedNotices(db: Db, tenantId: string, limit = 50): Promise<PublicMeeting[]> {
  const rows = await db
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(bodies, and(eq(bodies.id, meetings.bodyId), eq(bodies.tenantId, tenantId)))
    .where(and(eq(meetings.tenantId, tenantId), isNotNull(meetings.noticePublishedAt)))
    .orderBy(desc(meetings.noticePublishedAt))
    .limit(limit);
  return withAgendas(db, tenantId, rows);
}
