import { and, asc, desc, eq, gte, inArray, ne } from "drizzle-orm";
import { agendaItems, bodies, caseDocuments, cases, caseSteps, meetings } from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";

// Reads for the secretaries' console: everything, closed items included.
// Only ever used behind requireStaff (never by public loaders or feeds).
export async function getMeetingForStaff(db: Db, tenantId: string, meetingId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(meetingId)) return null;
  const [m] = await db
    .select({
      meeting: meetings,
      body: {
        id: bodies.id,
        key: bodies.key,
        kind: bodies.kind,
        name: bodies.name,
        noticeLeadDays: bodies.noticeLeadDays,
      },
    })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(eq(meetings.tenantId, tenantId), eq(meetings.id, meetingId)));
  if (!m) return null;
  const items = await db
    .select({
      id: agendaItems.id,
      position: agendaItems.position,
      closed: agendaItems.closed,
      closedBasis: agendaItems.closedBasis,
      itemTitle: agendaItems.title,
      caseId: cases.id,
      year: cases.year,
      sequence: cases.sequence,
      caseTitle: cases.title,
    })
    .from(agendaItems)
    .leftJoin(cases, eq(cases.id, agendaItems.caseId))
    .where(and(eq(agendaItems.tenantId, tenantId), eq(agendaItems.meetingId, meetingId)))
    .orderBy(asc(agendaItems.position));
  return { ...m, items };
}

export async function listCasesForStaff(db: Db, tenantId: string, limit = 300) {
  return db
    .select({
      id: cases.id,
      year: cases.year,
      sequence: cases.sequence,
      title: cases.title,
      closedBasis: cases.closedBasis,
      decidedAt: cases.decidedAt,
      createdAt: cases.createdAt,
    })
    .from(cases)
    .where(eq(cases.tenantId, tenantId))
    .orderBy(desc(cases.year), desc(cases.sequence))
    .limit(limit);
}

export async function getCaseForStaff(db: Db, tenantId: string, caseId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) return null;
  const [c] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
  if (!c) return null;
  const [steps, documents] = await Promise.all([
    db
      .select({
        id: caseSteps.id,
        position: caseSteps.position,
        kind: caseSteps.kind,
        date: caseSteps.date,
        bodyId: caseSteps.bodyId,
        meetingId: caseSteps.meetingId,
        bodyName: bodies.name,
        bodyKind: bodies.kind,
      })
      .from(caseSteps)
      .innerJoin(bodies, eq(bodies.id, caseSteps.bodyId))
      .where(and(eq(caseSteps.tenantId, tenantId), eq(caseSteps.caseId, c.id)))
      .orderBy(asc(caseSteps.position)),
    db
      .select({
        id: caseDocuments.id,
        kind: caseDocuments.kind,
        title: caseDocuments.title,
        fileName: caseDocuments.fileName,
        byteSize: caseDocuments.byteSize,
        extraction: caseDocuments.extraction,
      })
      .from(caseDocuments)
      .where(and(eq(caseDocuments.tenantId, tenantId), eq(caseDocuments.caseId, c.id)))
      .orderBy(asc(caseDocuments.position)),
  ]);
  return { case: c, steps, documents };
}

/**
 * What a consultation on a case can be tied to (app/modules/consultations/new-page.server.ts):
 * the case, its upcoming meetings (the deciding meeting gives the closing time) and the
 * municipality's bodies, by key. Null when the case is not this municipality's.
 */
export async function consultationTargets(db: Db, tenantId: string, caseId: string, now: Date) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(caseId)) return null;
  const [c] = await db
    .select({ id: cases.id, year: cases.year, sequence: cases.sequence, title: cases.title })
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.tenantId, tenantId)));
  if (!c) return null;
  const [ms, bs] = await Promise.all([
    db
      .select({ id: meetings.id, bodyId: meetings.bodyId, startsAt: meetings.startsAt, bodyName: bodies.name })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
      .where(and(eq(agendaItems.caseId, c.id), ne(meetings.status, "finished"), gte(meetings.startsAt, now)))
      .orderBy(asc(meetings.startsAt)),
    db
      .select({ id: bodies.id, kind: bodies.kind, name: bodies.name, area: bodies.area })
      .from(bodies)
      .where(eq(bodies.tenantId, tenantId))
      .orderBy(asc(bodies.key)),
  ]);
  return { c, meetings: ms, bodies: bs };
}

/**
 * Names for rows other modules keep about the political structure (a council
 * statement's council, case, deciding meeting and document): each by id,
 * within the municipality.
 */
export async function politicalLabels(
  db: Db,
  tenantId: string,
  ids: { bodyIds: string[]; caseIds: string[]; meetingIds: string[]; documentIds: string[] },
) {
  const some = <T>(list: string[], run: (l: string[]) => Promise<T[]>) =>
    list.length ? run([...new Set(list)]) : Promise.resolve([] as T[]);
  const [bs, cs, ms, ds] = await Promise.all([
    some(ids.bodyIds, (l) =>
      db
        .select({ id: bodies.id, name: bodies.name })
        .from(bodies)
        .where(and(eq(bodies.tenantId, tenantId), inArray(bodies.id, l))),
    ),
    some(ids.caseIds, (l) =>
      db
        .select({ id: cases.id, year: cases.year, sequence: cases.sequence, title: cases.title })
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), inArray(cases.id, l))),
    ),
    some(ids.meetingIds, (l) =>
      db
        .select({ id: meetings.id, startsAt: meetings.startsAt })
        .from(meetings)
        .where(and(eq(meetings.tenantId, tenantId), inArray(meetings.id, l))),
    ),
    some(ids.documentIds, (l) =>
      db
        .select({ id: caseDocuments.id, title: caseDocuments.title })
        .from(caseDocuments)
        .where(and(eq(caseDocuments.tenantId, tenantId), inArray(caseDocuments.id, l))),
    ),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  return { bodies: byId(bs), cases: byId(cs), meetings: byId(ms), documents: byId(ds) };
}
