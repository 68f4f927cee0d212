import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  bodies,
  caseDocuments,
  cases,
  consultationAnswers,
  consultationComments,
  consultationParticipants,
  consultationPins,
  consultationQuestions,
  consultationReports,
  consultations,
  contentFlags,
  consultationSupports,
  councilStatements,
  meetings,
  moderationRules,
  municipalities,
} from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import { publicCase } from "#app/modules/cases/visibility.server.ts";
import type { LocalizedText } from "#db/schema/types.ts";

// Reads for consultations: the public page (a fixed number of queries
// whatever the number of comments: no N+1) and the report's raw data.
// (A column interpolated into a subquery of a one-table select renders unqualified in drizzle, so it
// would bind to the subquery's own "id": the outer column is named in full, "consultation_comments"."id".)

export type ConsultationRow = typeof consultations.$inferSelect;

export async function publicConsultation(db: Db, tenantId: string, consultationId: string, personId: string | null) {
  const [head] = await db
    .select({
      c: consultations,
      caseYear: cases.year,
      caseSequence: cases.sequence,
      caseTitle: cases.title,
      bodyName: bodies.name,
      meetingStartsAt: meetings.startsAt,
    })
    .from(consultations)
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .innerJoin(bodies, eq(bodies.id, consultations.bodyId))
    .leftJoin(meetings, eq(meetings.id, consultations.meetingId))
    .where(and(eq(consultations.id, consultationId), eq(consultations.tenantId, tenantId), publicCase(tenantId)));
  if (!head) return null;
  const [questions, comments, pins, mine] = await Promise.all([
    db
      .select()
      .from(consultationQuestions)
      .where(eq(consultationQuestions.consultationId, consultationId))
      .orderBy(asc(consultationQuestions.position)),
    db
      .select({
        id: consultationComments.id,
        parentId: consultationComments.parentId,
        // A hidden comment stays in its thread as a placeholder with the moderator's reason; its
        // text and its author's name never leave the database (issue 17).
        body: sql<string>`case when ${consultationComments.state} = 'hidden' then '' else ${consultationComments.body} end`,
        publicName: sql<
          string | null
        >`case when ${consultationComments.state} = 'hidden' then null else ${consultationComments.publicName} end`,
        organisation: sql<
          string | null
        >`case when ${consultationComments.state} = 'hidden' then null else ${consultationComments.organisation} end`,
        hidden: sql<boolean>`${consultationComments.state} = 'hidden'`,
        hiddenReason: sql<
          string | null
        >`case when ${consultationComments.state} = 'hidden' then ${consultationComments.moderationReason} else null end`,
        createdAt: consultationComments.createdAt,
        own: personId ? sql<boolean>`${consultationComments.personId} = ${personId}` : sql<boolean>`false`,
        supports: sql<number>`(select count(*)::int from ${consultationSupports} s where s.comment_id = "consultation_comments"."id")`,
        supported: personId
          ? sql<boolean>`exists (select 1 from ${consultationSupports} s where s.comment_id = "consultation_comments"."id" and s.person_id = ${personId})`
          : sql<boolean>`false`,
      })
      .from(consultationComments)
      .where(
        and(
          eq(consultationComments.consultationId, consultationId),
          inArray(consultationComments.state, ["published", "hidden"]),
        ),
      )
      .orderBy(asc(consultationComments.createdAt)),
    db
      .select({
        id: consultationPins.id,
        lat: consultationPins.lat,
        lon: consultationPins.lon,
        category: consultationPins.category,
        comment: consultationPins.comment,
      })
      .from(consultationPins)
      .where(and(eq(consultationPins.consultationId, consultationId), eq(consultationPins.state, "published"))),
    personId
      ? db
          .select({
            questionId: consultationAnswers.questionId,
            options: consultationAnswers.options,
            scale: consultationAnswers.scale,
            text: consultationAnswers.text,
          })
          .from(consultationAnswers)
          .where(
            and(eq(consultationAnswers.consultationId, consultationId), eq(consultationAnswers.personId, personId)),
          )
      : Promise.resolve([]),
  ]);
  return { ...head, questions, comments, pins, myAnswers: mine };
}

/** Open public consultations of a municipality (for lists and the case page). */
export async function listPublicConsultations(db: Db, tenantId: string, caseId?: string) {
  return db
    .select({
      id: consultations.id,
      title: consultations.title,
      closesAt: consultations.closesAt,
      closedAt: consultations.closedAt,
      opensAt: consultations.opensAt,
      caseId: consultations.caseId,
    })
    .from(consultations)
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .where(
      and(
        eq(consultations.tenantId, tenantId),
        publicCase(tenantId),
        caseId ? eq(consultations.caseId, caseId) : undefined,
      ),
    )
    .orderBy(asc(consultations.closesAt));
}

export interface ReportData {
  consultation: ConsultationRow;
  municipality: { name: string; population: number };
  caseNumber: { year: number; sequence: number };
  caseTitle: LocalizedText;
  bodyName: LocalizedText;
  meetingStartsAt: Date | null;
  questions: (typeof consultationQuestions.$inferSelect)[];
  participants: { personId: string; ageBand: string | null; gender: string | null; area: string | null }[];
  answers: {
    questionId: string;
    personId: string;
    options: string[] | null;
    scale: number | null;
    text: string | null;
    channel: "web" | "sms";
  }[];
  comments: {
    id: string;
    personId: string;
    parentId: string | null;
    body: string;
    publicName: string | null;
    state: string;
    createdAt: Date;
    supports: number;
  }[];
  supports: number;
  pins: { category: string; lat: number; lon: number; comment: string; state: string }[];
  statements: {
    councilName: LocalizedText;
    reason: string;
    requestedAt: Date;
    deadline: Date;
    answeredAt: Date | null;
    text: string | null;
  }[];
}

export async function reportData(db: Db, tenantId: string, consultationId: string): Promise<ReportData | null> {
  const [head] = await db
    .select({
      c: consultations,
      year: cases.year,
      sequence: cases.sequence,
      caseTitle: cases.title,
      bodyName: bodies.name,
      meetingStartsAt: meetings.startsAt,
      mName: municipalities.officialName,
      population: municipalities.population,
    })
    .from(consultations)
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .innerJoin(bodies, eq(bodies.id, consultations.bodyId))
    .innerJoin(municipalities, eq(municipalities.id, consultations.tenantId))
    .leftJoin(meetings, eq(meetings.id, consultations.meetingId))
    .where(and(eq(consultations.id, consultationId), eq(consultations.tenantId, tenantId)));
  if (!head) return null;
  const [questions, participants, answers, comments, supportRows, pins, statements] = await Promise.all([
    db
      .select()
      .from(consultationQuestions)
      .where(eq(consultationQuestions.consultationId, consultationId))
      .orderBy(asc(consultationQuestions.position)),
    db
      .select({
        personId: consultationParticipants.personId,
        ageBand: consultationParticipants.ageBand,
        gender: consultationParticipants.gender,
        area: consultationParticipants.area,
      })
      .from(consultationParticipants)
      .where(eq(consultationParticipants.consultationId, consultationId))
      .orderBy(asc(consultationParticipants.createdAt)),
    db
      .select({
        questionId: consultationAnswers.questionId,
        personId: consultationAnswers.personId,
        options: consultationAnswers.options,
        scale: consultationAnswers.scale,
        text: consultationAnswers.text,
        channel: consultationAnswers.channel,
      })
      .from(consultationAnswers)
      .where(eq(consultationAnswers.consultationId, consultationId)),
    db
      .select({
        id: consultationComments.id,
        personId: consultationComments.personId,
        parentId: consultationComments.parentId,
        body: consultationComments.body,
        publicName: consultationComments.publicName,
        state: consultationComments.state,
        createdAt: consultationComments.createdAt,
        supports: sql<number>`(select count(*)::int from ${consultationSupports} s where s.comment_id = "consultation_comments"."id")`,
      })
      .from(consultationComments)
      .where(eq(consultationComments.consultationId, consultationId))
      .orderBy(asc(consultationComments.createdAt), asc(consultationComments.id)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(consultationSupports)
      .where(eq(consultationSupports.consultationId, consultationId)),
    db
      .select({
        category: consultationPins.category,
        lat: consultationPins.lat,
        lon: consultationPins.lon,
        comment: consultationPins.comment,
        state: consultationPins.state,
      })
      .from(consultationPins)
      .where(eq(consultationPins.consultationId, consultationId)),
    db
      .select({
        councilName: bodies.name,
        reason: councilStatements.reason,
        requestedAt: councilStatements.requestedAt,
        deadline: councilStatements.deadline,
        answeredAt: councilStatements.answeredAt,
        text: councilStatements.text,
      })
      .from(councilStatements)
      .innerJoin(bodies, eq(bodies.id, councilStatements.councilBodyId))
      .where(eq(councilStatements.caseId, head.c.caseId))
      .orderBy(asc(councilStatements.requestedAt)),
  ]);
  return {
    consultation: head.c,
    municipality: { name: head.mName, population: head.population },
    caseNumber: { year: head.year, sequence: head.sequence },
    caseTitle: head.caseTitle,
    bodyName: head.bodyName,
    meetingStartsAt: head.meetingStartsAt,
    questions,
    participants,
    answers,
    comments,
    supports: supportRows[0]?.n ?? 0,
    pins,
    statements,
  };
}

export async function reportVersions(db: Db, tenantId: string, consultationIds: string[]) {
  if (!consultationIds.length) return [];
  return db
    .select()
    .from(consultationReports)
    .where(
      and(eq(consultationReports.tenantId, tenantId), inArray(consultationReports.consultationId, consultationIds)),
    )
    .orderBy(asc(consultationReports.version));
}

/** Council statements on a case: who was asked, who answered, on time or not. */
export async function caseStatements(db: Db, tenantId: string, caseId: string) {
  return db
    .select({
      id: councilStatements.id,
      councilBodyId: councilStatements.councilBodyId,
      councilName: bodies.name,
      reason: councilStatements.reason,
      deadline: councilStatements.deadline,
      answeredAt: councilStatements.answeredAt,
      text: councilStatements.text,
      documentId: councilStatements.documentId,
      documentTitle: caseDocuments.title,
    })
    .from(councilStatements)
    .innerJoin(bodies, eq(bodies.id, councilStatements.councilBodyId))
    .leftJoin(caseDocuments, eq(caseDocuments.id, councilStatements.documentId))
    .where(and(eq(councilStatements.caseId, caseId), eq(councilStatements.tenantId, tenantId)))
    .orderBy(asc(bodies.key));
}

/**
 * For the public case page: which participation process is a consultation
 * (to link it), and the council statements asked on the case: who was asked,
 * who answered and whether on time (the statement text is public once given).
 */
export async function caseParticipation(db: Db, tenantId: string, caseId: string) {
  const [links, statements] = await Promise.all([
    db
      .select({ processId: consultations.processId, id: consultations.id })
      .from(consultations)
      .where(and(eq(consultations.caseId, caseId), eq(consultations.tenantId, tenantId))),
    caseStatements(db, tenantId, caseId),
  ]);
  return {
    consultationOf: Object.fromEntries(links.map((l) => [l.processId, l.id])) as Record<string, string>,
    statements,
  };
}

/** The consultations on a case, for the secretaries' case page. */
export async function caseConsultationsForStaff(db: Db, tenantId: string, caseId: string) {
  return db
    .select({
      id: consultations.id,
      title: consultations.title,
      closesAt: consultations.closesAt,
      closedAt: consultations.closedAt,
    })
    .from(consultations)
    .where(and(eq(consultations.caseId, caseId), eq(consultations.tenantId, tenantId)))
    .orderBy(asc(consultations.createdAt));
}

/** Every council statement request of a municipality with what decides it (for the "heard before the decision" report). */
export async function statementFacts(db: Db, tenantId: string) {
  return db
    .select({
      councilBodyId: councilStatements.councilBodyId,
      caseId: councilStatements.caseId,
      deadline: councilStatements.deadline,
      answeredAt: councilStatements.answeredAt,
      decidedAt: cases.decidedAt,
      meetingStartsAt: meetings.startsAt,
    })
    .from(councilStatements)
    .innerJoin(cases, eq(cases.id, councilStatements.caseId))
    .leftJoin(meetings, eq(meetings.id, councilStatements.decidingMeetingId))
    .where(eq(councilStatements.tenantId, tenantId))
    .orderBy(asc(councilStatements.requestedAt));
}

/** Comments waiting for a moderator: pending approval, or reported and not yet handled. */
export async function countModerationQueue(db: Db, tenantId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(consultationComments)
    .where(
      and(
        eq(consultationComments.tenantId, tenantId),
        sql`(${consultationComments.state} = 'pending' or exists (select 1 from ${contentFlags} f where f.comment_id = ${consultationComments.id} and f.resolved_at is null))`,
      ),
    );
  return Number(r?.n ?? 0);
}

/** The municipality's rules for comments (one row per municipality), or null when none are written. */
export async function moderationRulesOf(db: Db, tenantId: string) {
  const [r] = await db.select().from(moderationRules).where(eq(moderationRules.tenantId, tenantId));
  return r ?? null;
}

/**
 * What needs a staff member's attention per consultation (the staff home, issue 17): a closed
 * consultation whose input report is not yet attached to the case, and councils' statements
 * past their deadline without an answer.
 */
export async function consultationAttention(
  db: Db,
  tenantId: string,
  now: Date,
): Promise<Map<string, { reportToAttach: boolean; overdueStatements: number }>> {
  const rows = await db.execute<{ id: string; report_to_attach: boolean; overdue: number }>(sql`
    select c.id,
           ((c.closed_at is not null or c.closes_at <= ${now.toISOString()}::timestamptz)
             and not exists (select 1 from consultation_reports r
                              where r.consultation_id = c.id and r.status = 'attached')) as report_to_attach,
           (select count(*)::int from council_statements s
             where s.tenant_id = c.tenant_id and s.case_id = c.case_id
               and s.answered_at is null and s.deadline < ${now.toISOString()}::timestamptz) as overdue
      from consultations c
     where c.tenant_id = ${tenantId}`);
  const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: typeof rows }).rows) as unknown as {
    id: string;
    report_to_attach: boolean;
    overdue: number;
  }[];
  return new Map(list.map((r) => [r.id, { reportToAttach: r.report_to_attach, overdueStatements: Number(r.overdue) }]));
}
