import { useTranslation } from "react-i18next";
import { LocalText, type PickedText } from "#app/modules/political/text.tsx";

// Council statements on a case, for the public case page (issue 6): every
// council asked, whether and when it answered, and its statement.
export interface StatementView {
  id: string;
  council: PickedText;
  deadline: string;
  status: "answeredOnTime" | "answeredLate" | "notAnswered";
  text: string;
  document: { href: string; title: string } | null;
}

export function CouncilStatements({ statements }: { statements: StatementView[] }) {
  const { t } = useTranslation("consultations");
  if (!statements.length) return null;
  return (
    <section aria-labelledby="statements-h">
      <h2 id="statements-h">{t("staff.statements")}</h2>
      <ul>
        {statements.map((s) => (
          <li key={s.id}>
            <strong>
              <LocalText text={s.council} />
            </strong>
            : {t(`staff.${s.status}`)} ({t("staff.deadline", { when: s.deadline })})
            {s.text ? <p style={{ whiteSpace: "pre-wrap" }}>{s.text}</p> : null}
            {s.document ? (
              <p>
                <a href={s.document.href}>{s.document.title}</a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** On the secretaries' case page: the case's consultations and a link to open a new one. */
export function CaseConsultationsAdmin({
  tenant,
  caseId,
  items,
}: {
  tenant: string;
  caseId: string;
  items: { id: string; title: PickedText }[];
}) {
  const { t } = useTranslation("consultations");
  return (
    <section aria-labelledby="consultations-h">
      <h2 id="consultations-h">{t("create.existing")}</h2>
      {items.length ? (
        <ul>
          {items.map((c) => (
            <li key={c.id}>
              <a href={`/${tenant}/admin/consultations/${c.id}`}>
                <LocalText text={c.title} />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href={`/${tenant}/admin/consultations/new?case=${caseId}`}>{t("create.newForCase")}</a>
      </p>
    </section>
  );
}
