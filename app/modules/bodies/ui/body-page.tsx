import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Trail } from "#app/components/shell.tsx";
import { CaseList, MeetingCard } from "#app/modules/political/components.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import type { BodyPageView } from "../page.server.ts";

// A body's public page (page.server.ts): members, meetings, cases.
export function BodyPage({ d }: { d: BodyPageView }) {
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const b = d.body;
  return (
    <>
      <Trail tenant={d.tenant} name={d.name} />
      <h1>
        <LocalText text={b.name} fallback={tc(`body.kind.${b.kind}`)} />
      </h1>
      <p className="muted">
        {tc(`body.kind.${b.kind}`)} · {t("body.noticeLead", { days: b.noticeLeadDays })}
      </p>
      {b.description ? (
        <p>
          <LocalText text={b.description} />
        </p>
      ) : null}
      <p>
        <a href={`/${d.tenant}/bodies/${b.key}/calendar.ics`}>{t("body.subscribe")}</a>
        {" · "}
        <Link to={`/${d.tenant}/following?body=${b.key}`}>{t("follow.followBody")}</Link>
        {b.hasArea ? (
          <>
            {" · "}
            <Link to={`/${d.tenant}/areas/${b.key}`}>{t("body.areaPage")}</Link>
          </>
        ) : null}
      </p>

      <section aria-labelledby="members-h">
        <h2 id="members-h">{t("body.members")}</h2>
        {b.members.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("body.memberName")}</th>
                <th scope="col">{t("body.memberRole")}</th>
                <th scope="col">{t("body.memberParty")}</th>
                <th scope="col">{t("body.memberTerm")}</th>
              </tr>
            </thead>
            <tbody>
              {b.members.map((mb) => (
                <tr key={mb.id}>
                  <td>{mb.name}</td>
                  <td>{t(`role.${mb.role}`)}</td>
                  <td>{mb.party ?? ""}</td>
                  <td>{mb.term ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t("body.noMembers")}</p>
        )}
      </section>

      <section aria-labelledby="upcoming-h">
        <h2 id="upcoming-h">{t("body.upcoming")}</h2>
        {d.upcoming.length ? (
          <ul className="card-list">
            {d.upcoming.map((mt) => (
              <li key={mt.id}>
                <MeetingCard tenant={d.tenant} meeting={mt} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("calendar.noMeetings")}</p>
        )}
      </section>

      {d.past.length ? (
        <section aria-labelledby="past-h">
          <h2 id="past-h">{t("body.past")}</h2>
          <ul>
            {d.past.map((mt) => (
              <li key={mt.id}>
                <Link to={`/${d.tenant}/meetings/${mt.id}`}>{mt.when}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="cases-h">
        <h2 id="cases-h">{t("body.cases")}</h2>
        {d.cases.length ? <CaseList tenant={d.tenant} cases={d.cases} /> : <p className="muted">{t("cases.none")}</p>}
      </section>
    </>
  );
}
