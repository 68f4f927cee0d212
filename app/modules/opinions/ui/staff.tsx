import { Form, Link } from "@remix-run/react";
import { LocalText, type PickedText } from "#app/modules/political/text.tsx";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { FieldError, errorProps, type Failure } from "#app/modules/consultations/ui.tsx";
import { formatNumber } from "#app/lib/format.ts";
import { isLocale } from "#app/lib/i18n.ts";

// The statements section of the consultation's staff page.
export interface OpinionsStaff {
  secretary: boolean;
  moderator: boolean;
  enabled: boolean;
  votes: { web: number; sms: number };
  sms: { audiences: { value: string; kind: string; label: string; count: number }[] } | null;
  queue: { id: string; text: string; state: string; reason: string; when: string }[];
}

export function OpinionsStaffSection({
  data,
  publicHref,
  f = null,
  closed = false,
}: {
  data: OpinionsStaff | null;
  publicHref: string;
  f?: Failure | null;
  closed?: boolean;
}) {
  const { t } = useTranslation("opinions");
  if (!data) return null;
  return (
    <section aria-labelledby="opinions-h">
      <h2 id="opinions-h">{t("staff.heading")}</h2>
      <p>{data.enabled ? t("staff.on") : t("staff.off")}</p>
      {data.enabled ? (
        <p>
          <a href={publicHref}>{t("staff.publicPage")}</a>
        </p>
      ) : null}
      {data.secretary ? (
        <Form method="post">
          <CsrfInput />
          <button type="submit" name="intent" value={data.enabled ? "opinions-off" : "opinions-on"}>
            {data.enabled ? t("staff.disable") : t("staff.enable")}
          </button>
        </Form>
      ) : null}
      {data.enabled && data.sms ? <StatementsBySms sms={data.sms} votes={data.votes} f={f} closed={closed} /> : null}
      {data.moderator && data.enabled ? (
        <>
          <h3>{t("staff.queue")}</h3>
          {data.queue.length ? null : <p>{t("staff.queueEmpty")}</p>}
          {data.queue.map((q) => (
            <article key={q.id} className="comment">
              <p className="muted">
                {q.when} ·{" "}
                {t(`submit.${q.state === "hidden" ? "hidden" : q.state === "pending" ? "pending" : "published"}`)}
                {q.reason ? ` · ${q.reason}` : ""}
              </p>
              <p style={{ whiteSpace: "pre-wrap" }} dir="auto">
                {q.text}
              </p>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="statementId" value={q.id} />
                {q.state !== "hidden" ? (
                  <>
                    <label htmlFor={`op-reason-${q.id}`}>{t("staff.reason")}</label>
                    <input id={`op-reason-${q.id}`} name="reason" />
                    <button type="submit" name="intent" value="opinion-hide">
                      {t("staff.hide")}
                    </button>
                    {q.state === "pending" ? (
                      <button type="submit" name="intent" value="opinion-approve">
                        {t("staff.approve")}
                      </button>
                    ) : null}
                  </>
                ) : (
                  <button type="submit" name="intent" value="opinion-restore">
                    {t("staff.restore")}
                  </button>
                )}
              </Form>
            </article>
          ))}
        </>
      ) : null}
    </section>
  );
}

/** On the municipality's moderation queue: statements pending or hidden, moderated on their consultation's staff page. */
export function OpinionQueue({
  tenant,
  items,
}: {
  tenant: string;
  items: {
    id: string;
    text: string;
    state: string;
    reason: string;
    when: string;
    consultationId: string;
    title: PickedText;
  }[];
}) {
  const { t } = useTranslation("opinions");
  return (
    <section aria-labelledby="opinion-queue-h">
      <h2 id="opinion-queue-h">{t("staff.queue")}</h2>
      {items.length ? (
        <ul>
          {items.map((q) => (
            <li key={q.id}>
              <Link to={`/${tenant}/admin/consultations/${q.consultationId}#opinions-h`}>
                <LocalText text={q.title} />
              </Link>
              : <bdi>{q.text}</bdi>{" "}
              <span className="muted">
                ({q.when} · {t(`submit.${q.state === "hidden" ? "hidden" : "pending"}`)}
                {q.reason ? ` · ${q.reason}` : ""})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("staff.queueEmpty")}</p>
      )}
    </section>
  );
}

/** Send the statements by SMS (ADR 066): an audience and/or a list; votes per channel. */
function StatementsBySms({
  sms,
  votes,
  f,
  closed,
}: {
  sms: NonNullable<OpinionsStaff["sms"]>;
  votes: OpinionsStaff["votes"];
  f: Failure | null;
  closed: boolean;
}) {
  const { t, i18n } = useTranslation(["opinions", "consultations"]);
  const n = (x: number) => formatNumber(x, isLocale(i18n.language) ? i18n.language : "nb");
  const mine = f?.intent === "opinions-sms" ? f : null;
  const v = (k: string) => mine?.values[k] ?? "";
  return (
    <>
      <h3 id="opinions-sms-h">{t("staff.smsTitle")}</h3>
      <p>{t("staff.votesByChannel", { web: n(votes.web), sms: n(votes.sms) })}</p>
      {closed ? null : (
        <Form method="post" className="stack-form" aria-labelledby="opinions-sms-h">
          <CsrfInput />
          <p>{t("staff.smsIntro")}</p>
          <div>
            <label htmlFor="opinions-sms-audience">{t("consultations:staff.smsAudience")}</label>
            <select
              id="opinions-sms-audience"
              name="audience"
              defaultValue={v("audience")}
              {...errorProps(mine, "opinions-sms", "audience")}
            >
              <option value="">{t("consultations:staff.smsAudienceNone")}</option>
              {sms.audiences.map((a) => (
                <option key={a.value} value={a.value}>
                  {t(`consultations:staff.smsAudiences.${a.kind}`, { label: a.label, n: n(a.count) })}
                </option>
              ))}
            </select>
            <FieldError f={mine} intent="opinions-sms" field="audience" />
          </div>
          <div>
            <label htmlFor="opinions-sms-recipients">{t("consultations:staff.smsRecipients")}</label>
            <p id="opinions-sms-recipients-hint" className="muted">
              {t("consultations:staff.smsRecipientsHint")}
            </p>
            <textarea
              id="opinions-sms-recipients"
              name="recipients"
              rows={4}
              dir="ltr"
              defaultValue={v("recipients")}
              aria-describedby="opinions-sms-recipients-hint"
              aria-invalid={mine?.field === "recipients" ? true : undefined}
            />
            <FieldError f={mine} intent="opinions-sms" field="recipients" />
          </div>
          <button type="submit" name="intent" value="opinions-sms">
            {t("staff.smsSend")}
          </button>
        </Form>
      )}
    </>
  );
}
