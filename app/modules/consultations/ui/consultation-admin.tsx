import { Form, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { OpinionsStaffSection } from "#app/modules/opinions/ui/staff.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import type { ConsultationStaffView } from "../staff-page.server.ts";
import { FieldError, FormError, errorProps, type Failure } from "../ui.tsx";
import { formatNumber } from "#app/lib/format.ts";
import { isLocale } from "#app/lib/i18n.ts";

// A consultation's staff page: status, the input report, council statements,
// feedback to participants, opinion statements and the moderation queue.
export function ConsultationAdminPage({ d, f }: { d: ConsultationStaffView; f: Failure | null }) {
  const [sp] = useSearchParams();
  const { t, i18n } = useTranslation("consultations");
  const n = (x: number) => formatNumber(x, isLocale(i18n.language) ? i18n.language : "nb");
  return (
    <>
      <h1>{t("staff.title", { title: d.title })}</h1>
      {sp.get("done") ? (
        <p className="notice" role="status">
          {sp.get("done") === "created"
            ? t("staff.created")
            : sp.get("done") === "feedback"
              ? t("staff.feedbackSent", { count: Number(sp.get("sent") ?? 0) })
              : sp.get("done") === "edited"
                ? t("staff.edited", { count: Number(sp.get("sent") ?? 0) })
                : sp.get("done") === "sms"
                  ? t("staff.smsSent", { n: n(Number(sp.get("sent") ?? 0)) })
                  : sp.get("done") === "opinions-sms"
                    ? t("opinions:staff.smsSent", { n: n(Number(sp.get("sent") ?? 0)) })
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
          {d.hasAttachedReport ? (
            <p>
              <a href={`/${d.tenant}/admin/consultations/${d.id}/arkivmelding.zip`} download>
                {t("staff.downloadArkivmelding")}
              </a>{" "}
              <span className="muted">{t("staff.arkivmeldingHelp")}</span>
            </p>
          ) : null}
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

      {d.secretary && !d.closed ? (
        <section aria-labelledby="edit-h">
          <h2 id="edit-h">{t("staff.edit")}</h2>
          <p>{t("staff.editIntro")}</p>
          <Form method="post" className="stack-form">
            <CsrfInput />
            <div>
              <label htmlFor="edit-title">{t("staff.editTitle")}</label>
              <input
                id="edit-title"
                name="title"
                required
                maxLength={300}
                defaultValue={f?.intent === "edit" ? f.values.title : d.edit.title}
              />
            </div>
            <div>
              <label htmlFor="edit-summary">{t("staff.editSummary")}</label>
              <textarea
                id="edit-summary"
                name="summary"
                rows={4}
                defaultValue={f?.intent === "edit" ? f.values.summary : d.edit.summary}
              />
            </div>
            {d.hasMeeting ? (
              <p className="muted">{t("staff.deadlineFollowsMeeting")}</p>
            ) : (
              <div>
                <label htmlFor="edit-closes">{t("staff.editClosesAt")}</label>
                <p id="edit-closes-hint" className="muted">
                  {t("staff.editClosesAtHint")}
                </p>
                <input
                  id="edit-closes"
                  name="closesAt"
                  type="datetime-local"
                  aria-describedby="edit-closes-hint"
                  defaultValue={f?.intent === "edit" ? f.values.closesAt : d.edit.closesAt}
                />
              </div>
            )}
            <button type="submit" name="intent" value="edit">
              {t("staff.saveEdit")}
            </button>
          </Form>
        </section>
      ) : null}

      {d.sms ? <SmsQuestionSection sms={d.sms} f={f} closed={d.closed} n={n} /> : null}

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

      <OpinionsStaffSection
        data={d.opinions}
        publicHref={`/${d.tenant}/consultations/${d.id}/statements`}
        f={f}
        closed={d.closed}
      />

      {d.moderator ? (
        <section aria-labelledby="moderation-h">
          <h2 id="moderation-h">{t("staff.moderation")}</h2>
          {d.queue.length ? null : <p>{t("staff.queueEmpty")}</p>}
          {d.queue.map((q) => (
            <article key={q.id} className="comment">
              <p className="muted">
                {q.when} · {t(`staff.states.${q.state}`)} · {t("staff.flags", { count: q.flags })}
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

/** Send one question by SMS, with an optional reminder; earlier sends; answers per channel. */
function SmsQuestionSection({
  sms,
  f,
  closed,
  n,
}: {
  sms: NonNullable<ConsultationStaffView["sms"]>;
  f: Failure | null;
  closed: boolean;
  n: (x: number) => string;
}) {
  const { t } = useTranslation("consultations");
  const mine = f?.intent === "sms-question" ? f : null;
  const v = (k: string, dflt = "") => mine?.values[k] ?? dflt;
  return (
    <section aria-labelledby="sms-h">
      <h2 id="sms-h">{t("staff.smsTitle")}</h2>
      <p>{t("staff.answersByChannel", { web: n(sms.channels.web), sms: n(sms.channels.sms) })}</p>
      {!closed && sms.questions.length ? (
        <Form method="post" className="stack-form">
          <CsrfInput />
          <p>{t("staff.smsIntro")}</p>
          <div>
            <label htmlFor="sms-question">{t("staff.smsQuestion")}</label>
            <select
              id="sms-question"
              name="questionId"
              defaultValue={v("questionId", sms.questions[0]?.id)}
              {...errorProps(mine, "sms-question", "questionId")}
            >
              {sms.questions.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.prompt} ({t(`staff.smsKind.${q.kind}`)})
                </option>
              ))}
            </select>
            <FieldError f={mine} intent="sms-question" field="questionId" />
          </div>
          <div>
            <label htmlFor="sms-audience">{t("staff.smsAudience")}</label>
            <select
              id="sms-audience"
              name="audience"
              defaultValue={v("audience")}
              {...errorProps(mine, "sms-question", "audience")}
            >
              <option value="">{t("staff.smsAudienceNone")}</option>
              {sms.audiences.map((a) => (
                <option key={a.value} value={a.value}>
                  {t(`staff.smsAudiences.${a.kind}`, { label: a.label, n: n(a.count) })}
                </option>
              ))}
            </select>
            <FieldError f={mine} intent="sms-question" field="audience" />
          </div>
          <div>
            <label htmlFor="sms-recipients">{t("staff.smsRecipients")}</label>
            <p id="sms-recipients-hint" className="muted">
              {t("staff.smsRecipientsHint")}
            </p>
            <textarea
              id="sms-recipients"
              name="recipients"
              rows={4}
              dir="ltr"
              defaultValue={v("recipients")}
              aria-describedby="sms-recipients-hint"
              aria-invalid={mine?.field === "recipients" ? true : undefined}
            />
            <FieldError f={mine} intent="sms-question" field="recipients" />
          </div>
          <div>
            <label htmlFor="sms-reminder">{t("staff.smsReminder")}</label>
            <select
              id="sms-reminder"
              name="reminderHours"
              defaultValue={v("reminderHours")}
              {...errorProps(mine, "sms-question", "reminderHours")}
            >
              <option value="">{t("staff.smsReminderNone")}</option>
              {sms.reminderHours.map((h) => (
                <option key={h} value={String(h)}>
                  {t("staff.smsReminderHours", { hours: n(h) })}
                </option>
              ))}
            </select>
            <FieldError f={mine} intent="sms-question" field="reminderHours" />
          </div>
          <button type="submit" name="intent" value="sms-question">
            {t("staff.smsSend")}
          </button>
        </Form>
      ) : null}
      {sms.sends.length ? (
        <>
          <h3>{t("staff.smsSends")}</h3>
          <ul>
            {sms.sends.map((s) => (
              <li key={s.id}>
                {t("staff.smsSendLine", {
                  when: s.sentAt,
                  question: s.question,
                  recipients: n(s.recipients),
                  answered: n(s.answered),
                })}{" "}
                {s.reminderHours == null
                  ? null
                  : s.reminded
                    ? t("staff.smsReminded", { when: s.reminded })
                    : t("staff.smsReminderPlanned", { hours: n(s.reminderHours) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
