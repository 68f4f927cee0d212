import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { opinionsStaffAction, opinionsStaffData } from "#app/modules/opinions/staff.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { consultationComments, consultationReports, consultations, contentFlags } from "#db/schema/index.ts";
import { tellParticipants } from "./automation.server.ts";
import { updateConsultation } from "./edit.server.ts";
import { parseOsloLocal, toOsloLocal } from "#app/modules/meetings/calendar.ts";
import {
  answerCouncilStatement,
  closeConsultation,
  moderateComment,
  recordFeedback,
  requestCouncilStatements,
} from "./commands.server.ts";
import { caseStatements } from "./queries.server.ts";
import { attachReport, generateReport } from "./report.server.ts";
import { sendQuestionBySms, smsQuestionsView } from "./sms.server.ts";
import { audienceLabel, listAudiences } from "#app/modules/sms/audiences.server.ts";
import type { ConsultationStaffForm } from "./staff-forms.ts";
import type { Failure } from "./ui.tsx";

// The consultation for staff (app/routes/$tenant.admin_.consultations.$id.tsx):
// close it, generate and attach the input report, ask the councils for
// statements (and, for a council's secretary, write its statement), and
// moderate comments. Each section shows only to those who may act.
type Db = Deps["db"]["db"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function consultationStaffContext(
  request: Request,
  params: { tenant?: string; id?: string },
  deps: Parameters<typeof requireUser>[1],
) {
  const { m, locale } = publicTenant(request, params, deps);
  if (!UUID.test(params.id ?? "")) throw notFound();
  const actor = await requireUser(request, deps);
  const c = await getConsultationForStaff(deps.db.db, m.id, params.id!);
  if (!c) throw notFound();
  const secretary = can(actor, "manage:case:tenant", { tenantId: m.id });
  const texter = secretary && can(actor, "manage:sms:tenant", { tenantId: m.id });
  const moderator = can(actor, "moderate:content:tenant", { tenantId: m.id });
  const councilOf = (bodyId: string) => can(actor, "manage:meeting:body", { tenantId: m.id, bodyId });
  return { m, locale, actor, c, secretary, texter, moderator, councilOf };
}

type StaffContext = Awaited<ReturnType<typeof consultationStaffContext>>;

/** The page's data; 403 for someone with nothing to do here. */
export async function consultationStaffView(
  deps: Deps,
  { m, locale, actor, c, secretary, texter, moderator, councilOf }: StaffContext,
) {
  const statements = await caseStatements(deps.db.db, m.id, c.caseId);
  const mine = statements.filter((s) => councilOf(s.councilBodyId));
  if (!secretary && !moderator && !mine.length) throw new Response("Forbidden", { status: 403 });
  const [reports, queue] = await Promise.all([
    secretary ? listReports(deps.db.db, c.id) : Promise.resolve([]),
    moderator ? moderationQueue(deps.db.db, c.id) : Promise.resolve([]),
  ]);
  const now = deps.now();
  const sms = texter
    ? {
        ...(await smsQuestionsView(deps, m.id, c, locale)),
        audiences: (await listAudiences(deps, m.id)).map((a) => ({
          value: a.value,
          kind: a.kind,
          label: audienceLabel(a, locale),
          count: a.count,
        })),
      }
    : null;
  return {
    title: pickText(c.title, locale)?.value ?? "",
    sms,
    tenant: m.slug,
    id: c.id,
    consultationTitle: pickText(c.title, locale),
    secretary,
    moderator,
    closed: !!c.closedAt || c.closesAt <= now,
    edit: {
      title: c.title.nb ?? "",
      summary: c.summary?.nb ?? "",
      closesAt: toOsloLocal(c.closesAt),
    },
    hasAttachedReport: reports.some((r) => r.status === "attached"),
    closes: formatDateTime(c.closedAt ?? c.closesAt, locale),
    hasMeeting: !!c.meetingId,
    feedbackNb: c.feedback?.nb ?? "",
    reports: reports.map((r) => ({
      id: r.id,
      version: r.version,
      status: r.status,
      generatedAt: formatDateTime(r.generatedAt, locale),
    })),
    statements: statements.map((s) => ({
      id: s.id,
      council: pickText(s.councilName, locale),
      deadline: formatDateTime(s.deadline, locale),
      status: s.answeredAt ? (s.answeredAt <= s.deadline ? "answeredOnTime" : "answeredLate") : "notAnswered",
      text: s.text ?? "",
      mine: councilOf(s.councilBodyId),
    })),
    opinions: await opinionsStaffData(deps, actor, { tenantId: m.id, consultationId: c.id, locale }),
    queue: queue.map((q) => ({
      id: q.id,
      body: q.body,
      state: q.state,
      flags: q.flags,
      when: formatDateTime(q.createdAt, locale),
    })),
  };
}
export type ConsultationStaffView = Awaited<ReturnType<typeof consultationStaffView>>;

/** What became of a form: where to send the person (`done`), or the refusal to show. */
export type ConsultationStaffOutcome = { ok: true; done: string } | { ok: false; failure: Failure; status: number };

/** Runs one form of the page; `form` is handed on to the opinions module for its intents. */
export async function runConsultationStaffForm(
  deps: Deps,
  { m, actor, c }: StaffContext,
  input: ConsultationStaffForm,
  form: FormData,
  values: Record<string, string>,
): Promise<ConsultationStaffOutcome> {
  const { intent } = input;
  const base = { tenantId: m.id };
  let r:
    | { ok: true; value: unknown }
    | { ok: false; error: { code: string; status: number; params?: Record<string, string | number> } };
  switch (input.intent) {
    case "opinions-on":
    case "opinions-off":
    case "opinion-hide":
    case "opinion-approve":
    case "opinion-restore":
      r = (await opinionsStaffAction(deps, actor, { ...base, consultationId: c.id, intent, form }))!;
      break;
    case "opinions-sms": {
      // Statements by SMS (ADR 066): the opinions module sends; a refusal is shown at its field.
      const sent = await opinionsStaffAction(deps, actor, { ...base, consultationId: c.id, intent, form });
      if (sent!.ok) return { ok: true, done: `opinions-sms&sent=${(sent!.value as { queued: number }).queued}` };
      const e = sent!.error;
      return {
        ok: false,
        status: e.status,
        failure: { intent, code: e.code, field: e.field ?? null, params: e.params, values },
      };
    }
    case "close":
      r = await closeConsultation(deps, actor, { ...base, consultationId: c.id });
      break;
    case "generate":
      r = await generateReport(deps, actor, { ...base, consultationId: c.id });
      break;
    case "attach":
      r = await attachReport(deps, actor, { ...base, reportId: input.reportId });
      break;
    case "request":
      r = c.meetingId
        ? await requestCouncilStatements(deps, actor, { ...base, caseId: c.caseId, meetingId: c.meetingId })
        : { ok: false, error: { code: "errors.notFound", status: 404 } };
      break;
    case "statement":
      r = await answerCouncilStatement(deps, actor, {
        ...base,
        statementId: input.statementId,
        text: input.text,
      });
      break;
    case "feedback": {
      r = await recordFeedback(deps, actor, { ...base, consultationId: c.id, feedback: { nb: input.feedback } });
      if (r.ok) {
        const sent = await tellParticipants(deps, { ...base, consultationId: c.id, kind: "feedback" });
        return { ok: true, done: `feedback&sent=${sent}` };
      }
      break;
    }
    case "edit": {
      const closesAt = input.closesAt ? parseOsloLocal(input.closesAt) : null;
      if (input.closesAt && !closesAt)
        return { ok: false, status: 400, failure: { intent, code: "errors.badDateTime", values } };
      const same = (a: Date | null) => !a || a.getTime() === c.closesAt.getTime();
      r = await updateConsultation(deps, actor, {
        ...base,
        consultationId: c.id,
        title:
          input.title.trim() && input.title.trim() !== c.title.nb ? { ...c.title, nb: input.title.trim() } : undefined,
        summary:
          input.summary.trim() !== (c.summary?.nb ?? "") ? { ...c.summary, nb: input.summary.trim() } : undefined,
        closesAt: same(closesAt) ? undefined : closesAt!,
      });
      if (r.ok) return { ok: true, done: `edited&sent=${(r.value as { notified: number }).notified}` };
      break;
    }
    case "sms-question": {
      const hours = input.reminderHours.trim() ? Number(input.reminderHours) : null;
      if (hours !== null && !Number.isInteger(hours))
        return {
          ok: false,
          status: 400,
          failure: { intent, code: "errors.smsReminder", field: "reminderHours", values },
        };
      const sent = await sendQuestionBySms(deps, actor, {
        ...base,
        consultationId: c.id,
        questionId: input.questionId,
        audience: input.audience,
        recipientsCsv: input.recipients,
        reminderHours: hours,
      });
      if (sent.ok) return { ok: true, done: `sms&sent=${sent.value.queued}` };
      const e = sent.error;
      return {
        ok: false,
        status: e.status,
        failure: { intent, code: e.code, field: e.field ?? null, params: e.params, values },
      };
    }
    case "hide":
    case "restore":
    case "approve":
      r = await moderateComment(deps, actor, {
        ...base,
        commentId: input.commentId,
        action: input.intent,
        reason: input.reason,
      });
      break;
  }
  if (!r.ok) {
    const failure: Failure = { intent, code: r.error.code, params: r.error.params, values };
    return { ok: false, failure, status: r.error.status };
  }
  return { ok: true, done: "1" };
}

/** The consultation, if it is this municipality's. */
async function getConsultationForStaff(db: Db, tenantId: string, id: string) {
  const [c] = await db
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, id), eq(consultations.tenantId, tenantId)));
  return c ?? null;
}

/** The input reports, newest version first. */
function listReports(db: Db, consultationId: string) {
  return db
    .select()
    .from(consultationReports)
    .where(eq(consultationReports.consultationId, consultationId))
    .orderBy(desc(consultationReports.version));
}

/** Comments waiting for a moderator: pending, hidden, or flagged and not yet resolved. */
function moderationQueue(db: Db, consultationId: string) {
  return db
    .select({
      id: consultationComments.id,
      body: consultationComments.body,
      state: consultationComments.state,
      createdAt: consultationComments.createdAt,
      flags: sql<number>`(select count(*)::int from ${contentFlags} f where f.comment_id = "consultation_comments"."id" and f.resolved_at is null)`,
    })
    .from(consultationComments)
    .where(
      and(
        eq(consultationComments.consultationId, consultationId),
        or(
          inArray(consultationComments.state, ["pending", "hidden"]),
          sql`exists (select 1 from ${contentFlags} f where f.comment_id = "consultation_comments"."id" and f.resolved_at is null)`,
        ),
      ),
    )
    .orderBy(asc(consultationComments.createdAt));
}
