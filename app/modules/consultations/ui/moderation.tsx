import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { OpinionQueue } from "#app/modules/opinions/ui/staff.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import type { ModerationView } from "../moderation-page.server.ts";
import { errorProps, FieldError, FormError, type Failure } from "../ui.tsx";

// The moderation queue and the rules.
export function ModerationPage({ d, f }: { d: ModerationView; f: Failure | null }) {
  const [sp] = useSearchParams();
  const { t } = useTranslation("consultations");
  return (
    <>
      <h1>{t("moderation.title")}</h1>
      {sp.get("done") ? (
        <p className="notice" role="status">
          {t("staff.done")}
        </p>
      ) : null}
      <section aria-labelledby="queue-h">
        <h2 id="queue-h">{t("moderation.queue", { count: d.queue.length })}</h2>
        {d.queue.length ? null : <p>{t("staff.queueEmpty")}</p>}
        {d.queue.map((q) => (
          <article key={q.id} className="comment" aria-labelledby={`q-${q.id}-h`}>
            <h3 id={`q-${q.id}-h`}>
              <Link to={`/${d.tenant}/admin/consultations/${q.consultationId}`}>
                <LocalText text={q.title} />
              </Link>
            </h3>
            <p className="muted">
              {q.when} · {q.state === "pending" ? t("moderation.pending") : t("moderation.reported")}
              {q.reasons.length ? ` · ${q.reasons.map((r) => `${t(`reasons.${r.reason}`)} (${r.n})`).join(", ")}` : ""}
            </p>
            <p style={{ whiteSpace: "pre-wrap" }}>{q.body}</p>
            <FormError f={f} intent={`hide-${q.id}`} />
            <FieldError f={f} intent={`hide-${q.id}`} field="reason" />
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="commentId" value={q.id} />
              <label htmlFor={`reason-${q.id}`}>{t("staff.hideReason")}</label>
              <input id={`reason-${q.id}`} name="reason" maxLength={500} {...errorProps(f, `hide-${q.id}`, "reason")} />
              <button type="submit" name="intent" value="hide">
                {t("staff.hide")}
              </button>
              {q.state === "pending" ? (
                <button type="submit" name="intent" value="approve">
                  {t("staff.approve")}
                </button>
              ) : (
                <button type="submit" name="intent" value="dismiss">
                  {t("moderation.dismiss")}
                </button>
              )}
            </Form>
          </article>
        ))}
      </section>
      <OpinionQueue tenant={d.tenant} items={d.opinions} />
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">{t("moderation.rules")}</h2>
        <p>
          <Link to={`/${d.tenant}/rules`}>{t("moderation.rulesPage")}</Link>
        </p>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="rules" />
          <FormError f={f} intent="rules" />
          <label htmlFor="rules-nb">{t("moderation.rulesNb")}</label>
          <textarea
            id="rules-nb"
            name="rules_nb"
            rows={10}
            defaultValue={f?.intent === "rules" ? f.values.rules_nb : d.rulesNb}
            {...errorProps(f, "rules", "text")}
          />
          <FieldError f={f} intent="rules" field="text" />
          <label htmlFor="rules-nn">{t("moderation.rulesNn")}</label>
          <textarea
            id="rules-nn"
            name="rules_nn"
            lang="nn"
            rows={6}
            defaultValue={f?.intent === "rules" ? f.values.rules_nn : d.rulesNn}
            {...errorProps(f, "rules", "rules_nn")}
          />
          <FieldError f={f} intent="rules" field="rules_nn" />
          <button type="submit">{t("moderation.saveRules")}</button>
        </Form>
      </section>
    </>
  );
}
