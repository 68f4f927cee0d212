import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { getBodyByKey } from "#app/modules/bodies/queries.server.ts";
import { listCasesOfBody } from "#app/modules/cases/queries.server.ts";
import { osloDayStart } from "#app/modules/meetings/calendar.ts";
import { listMeetings } from "#app/modules/meetings/queries.server.ts";
import { CaseList, MeetingCard } from "#app/modules/political/components.tsx";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { formatDay, presentCase, presentMeeting } from "#app/modules/political/present.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// A body: what it is, its members (role, party, term), its meetings with
// their agendas, and the cases it has handled.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const key = params.key ?? "";
  const data = await deps.cache.get(m.id, `body:${key}`, async () => {
    const body = await getBodyByKey(deps.db.db, m.id, key);
    if (!body) return null;
    const today = osloDayStart(deps.now());
    const [upcoming, past, cases] = await Promise.all([
      listMeetings(deps.db.db, m.id, { bodyId: body.id, from: today, limit: 20 }),
      listMeetings(deps.db.db, m.id, { bodyId: body.id, to: today, limit: 10, order: "desc" }),
      listCasesOfBody(deps.db.db, m.id, body.id, 30),
    ]);
    return { body, upcoming, past, cases };
  });
  if (!data) throw notFound();
  const { body } = data;
  const name = pickText(body.name, locale);
  return {
    title: `${name?.value ?? t("bodies.title")} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    body: {
      key: body.key,
      kind: body.kind,
      name,
      description: pickText(body.description, locale),
      noticeLeadDays: body.noticeLeadDays,
      hasArea: !!body.area,
      members: body.members.map((mb) => ({
        id: mb.id,
        name: mb.name,
        role: mb.role,
        party: mb.party,
        term:
          mb.termStart || mb.termEnd
            ? `${mb.termStart ? formatDay(mb.termStart, locale) : ""} – ${mb.termEnd ? formatDay(mb.termEnd, locale) : ""}`
            : null,
      })),
    },
    upcoming: data.upcoming.map((mt) => presentMeeting(mt, locale)),
    past: data.past.map((mt) => presentMeeting(mt, locale)),
    cases: data.cases.map((c) => presentCase(c, locale)),
  };
}

export default function BodyPage() {
  const d = useLoaderData<typeof loader>();
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
