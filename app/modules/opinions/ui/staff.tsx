import { Form, Link } from "@remix-run/react";
import { LocalText, type PickedText } from "#app/modules/political/text.tsx";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";

// The statements section of the consultation's staff page.
export interface OpinionsStaff {
  secretary: boolean;
  moderator: boolean;
  enabled: boolean;
  queue: { id: string; text: string; state: string; reason: string; when: string }[];
}

export function OpinionsStaffSection({ data, publicHref }: { data: OpinionsStaff | null; publicHref: string }) {
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
