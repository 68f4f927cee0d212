import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PresentedCase, PresentedMeeting } from "./present.server.ts";
import { LocalText } from "./text.tsx";

// Public building blocks of the political pages. Closed agenda items show
// only "unntatt offentlighet" and their legal basis (kommuneloven § 11-5).

export function AgendaList({ tenant, agenda }: { tenant: string; agenda: NonNullable<PresentedMeeting["agenda"]> }) {
  const { t } = useTranslation("political");
  if (!agenda.length) return <p className="muted">{t("meeting.emptyAgenda")}</p>;
  return (
    <ol className="agenda">
      {agenda.map((it) =>
        it.closed ? (
          <li key={it.position} value={it.position}>
            {t("meeting.closedItem")}
            {it.basis ? ` (${t("meeting.closedBasis", { basis: it.basis })})` : ""}
          </li>
        ) : (
          <li key={it.position} value={it.position}>
            {it.caseSlug ? (
              <Link to={`/${tenant}/cases/${it.caseSlug}`}>
                {t("case.number", { number: it.caseNumber })}: <LocalText text={it.title} />
              </Link>
            ) : (
              <LocalText text={it.title} />
            )}
          </li>
        ),
      )}
    </ol>
  );
}

export function MeetingCard({
  tenant,
  meeting,
  headingLevel = 3,
}: {
  tenant: string;
  meeting: PresentedMeeting;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const H = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  return (
    <article className="meeting-card" aria-labelledby={`m-${meeting.id}`}>
      <H id={`m-${meeting.id}`}>
        <Link to={`/${tenant}/meetings/${meeting.id}`}>
          <LocalText text={meeting.body.name} fallback={tc(`body.kind.${meeting.body.kind}`)} />
          {" – "}
          {meeting.when}
        </Link>
      </H>
      <p className="muted">
        {meeting.location ? `${meeting.location} · ` : ""}
        {tc(`meeting.status.${meeting.status}`)}
      </p>
      <Sub>{t("meeting.agenda")}</Sub>
      {meeting.agenda ? (
        <AgendaList tenant={tenant} agenda={meeting.agenda} />
      ) : (
        <p className="muted">{t("meeting.noAgenda")}</p>
      )}
    </article>
  );
}

export function CaseList({ tenant, cases }: { tenant: string; cases: PresentedCase[] }) {
  const { t } = useTranslation("political");
  return (
    <ul className="card-list">
      {cases.map((c) => (
        <li key={c.slug}>
          <h3>
            <Link to={`/${tenant}/cases/${c.slug}`}>
              {t("case.number", { number: c.number })}: <LocalText text={c.title} />
            </Link>
          </h3>
          {c.summary ? (
            <p>
              <LocalText text={c.summary} />
            </p>
          ) : null}
          <p className="muted">{c.decided ? t("case.decidedOn", { date: c.decidedAt ?? "" }) : t("case.notDecided")}</p>
        </li>
      ))}
    </ul>
  );
}

/** The links every political page offers: calendar, cases, bodies, areas. */
