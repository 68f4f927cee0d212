import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { can } from "#app/modules/identity/permissions.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import {
  answerCouncilStatement,
  closeConsultation,
  moderateComment,
  recordFeedback,
  requestCouncilStatements,
} from "#app/modules/consultations/commands.server.ts";
import { tellParticipants } from "#app/modules/consultations/automation.server.ts";
import { caseStatements } from "#app/modules/consultations/queries.server.ts";
import { attachReport, generateReport } from "#app/modules/consultations/report.server.ts";
import { FormError, type Failure } from "#app/modules/consultations/ui.tsx";
import { consultationComments, consultationReports, consultations, contentFlags } from "#db/schema/index.ts";
import { opinionsStaffAction, opinionsStaffData } from "#app/modules/opinions/staff.server.ts";
import { OpinionsStaffSection } from "#app/modules/opinions/ui/staff.tsx";

export const handle = { i18n: ["consultations", "political", "opinions"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The consultation for staff: close it, generate and attach the input report,
// ask the councils for statements (and, for a council's secretary, write its
// statement), and moderate comments. Each section shows only to those who may act.
async function context(
  request: Request,
  params: { tenant?: string; id?: string },
  deps: Parameters<typeof requireUser>[1],
) {
  const { m, locale } = publicTenant(request, params, deps);
  if (!UUID.test(params.id ?? "")) throw notFound();
  const actor = await requireUser(request, deps);
  const [c] = await deps.db.db
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, params.id!), eq(consultations.tenantId, m.id)));
  if (!c) throw notFound();
  const secretary = can(actor, "manage:case:tenant", { tenantId: m.id });
  const moderator = can(actor, "moderate:content:tenant", { tenantId: m.id });
  const councilOf = (bodyId: string) => can(actor, "manage:meeting:body", { tenantId: m.id, bodyId });
  return { m, locale, actor, c, secretary, moderator, councilOf };
}

export async function loader({ request, params, context: ctx }: LoaderFunctionArgs) {
  const { deps } = ctx;
  const { m, locale, actor, c, secretary, moderator, councilOf } = await context(request, params, deps);
  const statements = await caseStatements(deps.db.db, m.id, c.caseId);
  const mine = statements.filter((s) => councilOf(s.councilBodyId));
  if (!secretary && !moderator && !mine.length) throw new Response("Forbidden", { status: 403 });
  const [reports, queue] = await Promise.all([
    secretary
      ? deps.db.db
          .select()
          .from(consultationReports)
          .where(eq(consultationReports.consultationId, c.id))
          .orderBy(desc(consultationReports.version))
      : Promise.resolve([]),
    moderator
      ? deps.db.db
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
              eq(consultationComments.consultationId, c.id),
              or(
                inArray(consultationComments.state, ["pending", "hidden"]),
                sql`exists (select 1 from ${contentFlags} f where f.comment_id = "consultation_comments"."id" and f.resolved_at is null)`,
              ),
            ),
          )
          .orderBy(asc(consultationComments.createdAt))
      : Promise.resolve([]),
  ]);
  const now = deps.now();
  return {
    title: pickText(c.title, locale)?.value ?? "",
    tenant: m.slug,
    id: c.id,
    consultationTitle: pickText(c.title, locale),
    secretary,
    moderator,
    closed: !!c.closedAt || c.closesAt <= now,
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

export async function action({ request, params, context: ctx }: ActionFunctionArgs) {
  const { deps } = ctx;
  const { m, actor, c } = await context(request, params, deps);
  const form = await request.formData();
  const str = (k: string, max = 50_000) => {
    const v = form.get(k);
    return typeof v === "string" ? v.slice(0, max) : "";
  };
  const intent = str("intent", 30);
  const base = { tenantId: m.id };
  let r:
    | { ok: true; value: unknown }
    | { ok: false; error: { code: string; status: number; params?: Record<string, string | number> } };
  switch (intent) {
    case "opinions-on":
    case "opinions-off":
    case "opinion-hide":
    case "opinion-approve":
    case "opinion-restore":
      r = (await opinionsStaffAction(deps, actor, { ...base, consultationId: c.id, intent, form }))!;
      break;
    case "close":
      r = await closeConsultation(deps, actor, { ...base, consultationId: c.id });
      break;
    case "generate":
      r = await generateReport(deps, actor, { ...base, consultationId: c.id });
      break;
    case "attach":
      r = await attachReport(deps, actor, { ...base, reportId: str("reportId", 40) });
      break;
    case "request":
      r = c.meetingId
        ? await requestCouncilStatements(deps, actor, { ...base, caseId: c.caseId, meetingId: c.meetingId })
        : { ok: false, error: { code: "errors.notFound", status: 404 } };
      break;
    case "statement":
      r = await answerCouncilStatement(deps, actor, {
        ...base,
        statementId: str("statementId", 40),
        text: str("text"),
      });
      break;
    case "feedback": {
      r = await recordFeedback(deps, actor, { ...base, consultationId: c.id, feedback: { nb: str("feedback", 5000) } });
      if (r.ok) {
        const sent = await tellParticipants(deps, { ...base, consultationId: c.id, kind: "feedback" });
        return redirect(`${new URL(request.url).pathname}?done=feedback&sent=${sent}`, 303);
      }
      break;
    }
    case "hide":
    case "restore":
    case "approve":
      r = await moderateComment(deps, actor, {
        ...base,
        commentId: str("commentId", 40),
        action: intent,
        reason: str("reason", 500),
      });
      break;
    default:
      return new Response("Bad request", { status: 400 });
  }
  if (!r.ok) {
    const values: Record<string, string> = {};
    for (const [k, v] of form) if (typeof v === "string" && k !== "_csrf") values[k] = v.slice(0, 5000);
    const failure: Failure = { intent, code: r.error.code, params: r.error.params, values };
    return Response.json({ failure }, { status: r.error.status });
  }
  return redirect(`${new URL(request.url).pathname}?done=1`, 303);
}

export default function ConsultationAdmin() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { failure?: Failure } | undefined;
  const f = a?.failure ?? null;
  const [sp] = useSearchParams();
  const { t } = useTranslation("consultations");
  return (
    <>
      <h1>{t("staff.title", { title: d.title })}</h1>
      {sp.get("done") ? (
        <p className="notice" role="status">
          {sp.get("done") === "created"
            ? t("staff.created")
            : sp.get("done") === "feedback"
              ? t("staff.feedbackSent", { count: Number(sp.get("sent") ?? 0) })
              : t("staff.done")}
        </p>
      ) : null}
      {f ? <FormError f={{ ...f, field: null }} intent={f.intent} /> : null}
      <p>
        <a href={`/${d.tenant}/consultations/${d.id}`}>
          <LocalText text={d.consultationTitle} />
        </a>
      </p>

      {d.secretary ? (
        <section aria-labelledby="status-h">
          <h2 id="status-h">{t("staff.status")}</h2>
          <p>{d.closed ? t("staff.closedAt", { when: d.closes }) : t("staff.open", { when: d.closes })}</p>
          {!d.closed ? (
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value="close">
                {t("staff.close")}
              </button>
            </Form>
          ) : (
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value="generate">
                {t("staff.generate")}
              </button>
            </Form>
          )}
          <h3>{t("staff.reportVersions")}</h3>
          <ul>
            {d.reports.map((r) => (
              <li key={r.id}>
                {t("staff.version", { version: r.version })} ({r.generatedAt}):{" "}
                <a href={`/${d.tenant}/admin/consultations/${d.id}/reports/${r.id}/pdf`}>PDF</a>{" "}
                {r.status === "attached" ? (
                  t("staff.attached")
                ) : (
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="reportId" value={r.id} />
                    <button type="submit" name="intent" value="attach">
                      {t("staff.attach")} ({t("staff.version", { version: r.version })})
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.secretary && d.closed ? (
        <section aria-labelledby="feedback-h">
          <h2 id="feedback-h">{t("staff.feedback")}</h2>
          <Form method="post">
            <CsrfInput />
            <label htmlFor="feedback-text">{t("staff.feedbackLabel")}</label>
            <textarea
              id="feedback-text"
              name="feedback"
              rows={5}
              defaultValue={f?.intent === "feedback" ? f.values.feedback : d.feedbackNb}
            />
            <button type="submit" name="intent" value="feedback">
              {t("staff.sendFeedback")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="statements-h">
        <h2 id="statements-h">{t("staff.statements")}</h2>
        {d.secretary && d.hasMeeting ? (
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="request">
              {t("staff.requestStatements")}
            </button>
          </Form>
        ) : null}
        <ul>
          {d.statements.map((s) => (
            <li key={s.id}>
              <strong>
                <LocalText text={s.council} />
              </strong>
              : {t(`staff.${s.status}`)} ({t("staff.deadline", { when: s.deadline })})
              {s.text ? <p style={{ whiteSpace: "pre-wrap" }}>{s.text}</p> : null}
              {s.mine ? (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="statementId" value={s.id} />
                  <label htmlFor={`st-${s.id}`}>{t("staff.statementText")}</label>
                  <textarea
                    id={`st-${s.id}`}
                    name="text"
                    rows={5}
                    defaultValue={f?.intent === "statement" && f.values.statementId === s.id ? f.values.text : s.text}
                  />
                  <button type="submit" name="intent" value="statement">
                    {t("staff.saveStatement")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <OpinionsStaffSection data={d.opinions} publicHref={`/${d.tenant}/consultations/${d.id}/statements`} />

      {d.moderator ? (
        <section aria-labelledby="moderation-h">
          <h2 id="moderation-h">{t("staff.moderation")}</h2>
          {d.queue.length ? null : <p>{t("staff.queueEmpty")}</p>}
          {d.queue.map((q) => (
            <article key={q.id} className="comment">
              <p className="muted">
                {q.when} · {q.state} · {t("staff.flags", { count: q.flags })}
              </p>
              <p style={{ whiteSpace: "pre-wrap" }}>{q.body}</p>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="commentId" value={q.id} />
                {q.state !== "hidden" ? (
                  <>
                    <label htmlFor={`reason-${q.id}`}>{t("staff.hideReason")}</label>
                    <input id={`reason-${q.id}`} name="reason" />
                    <button type="submit" name="intent" value="hide">
                      {t("staff.hide")}
                    </button>
                  </>
                ) : null}
                {q.state === "pending" ? (
                  <button type="submit" name="intent" value="approve">
                    {t("staff.approve")}
                  </button>
                ) : null}
                {q.state === "hidden" ? (
                  <button type="submit" name="intent" value="restore">
                    {t("staff.restore")}
                  </button>
                ) : null}
              </Form>
            </article>
          ))}
        </section>
      ) : null}
    </>
  );
}
