import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import type { StatementsView } from "../statements-page.server.ts";
import { errorProps, FieldError, type Failure } from "../ui.tsx";

// A council secretary's statements: each case asked about, its deadline, and the statement form.
export function CouncilStatements({ d, f }: { d: StatementsView; f: Failure | null }) {
  const [sp] = useSearchParams();
  const done = sp.get("done");
  const { t } = useTranslation("consultations");
  return (
    <>
      <h1>{t("statements.title")}</h1>
      <p>{t("statements.intro")}</p>
      {d.items.length ? null : <p>{t("statements.none")}</p>}
      {d.items.map((s) => {
        const intent = `statement-${s.id}`;
        return (
          <section key={s.id} id={`s-${s.id}`} aria-labelledby={`s-${s.id}-h`}>
            <h2 id={`s-${s.id}-h`}>
              <Link to={`/${d.tenant}/cases/${s.slug}`}>
                {s.number}: <LocalText text={s.caseTitle} />
              </Link>
            </h2>
            <p>
              <LocalText text={s.council} />: {t(`staff.${s.status}`)} ({t("staff.deadline", { when: s.deadline })})
              {s.meeting ? ` · ${t("statements.meeting", { when: s.meeting })}` : ""}
            </p>
            {done === s.id ? (
              <p className="notice" role="status">
                {t("statements.saved")}
              </p>
            ) : null}
            {s.document ? (
              <p>
                {t("statements.uploaded")}:{" "}
                <a href={`/${d.tenant}/cases/${s.slug}/documents/${s.document.id}`}>{s.document.title}</a>
              </p>
            ) : null}
            <Form method="post" encType="multipart/form-data">
              <CsrfInput />
              <input type="hidden" name="statementId" value={s.id} />
              <label htmlFor={`st-${s.id}`}>{t("staff.statementText")}</label>
              <textarea
                id={`st-${s.id}`}
                name="text"
                rows={6}
                defaultValue={f?.intent === intent ? f.values.text : s.text}
                {...errorProps(f, intent, "text")}
              />
              <FieldError f={f} intent={intent} field="text" />
              <label htmlFor={`file-${s.id}`}>{t("statements.file", { max: d.maxMb })}</label>
              <input
                id={`file-${s.id}`}
                type="file"
                name="file"
                accept="application/pdf,image/png,image/jpeg"
                {...errorProps(f, intent, "file")}
              />
              <FieldError f={f} intent={intent} field="file" />
              <button type="submit">{t("staff.saveStatement")}</button>
            </Form>
          </section>
        );
      })}
    </>
  );
}
