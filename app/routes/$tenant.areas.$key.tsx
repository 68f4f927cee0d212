import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { areaPath } from "#app/modules/bodies/area-svg.ts";
import type { Area } from "#app/modules/bodies/geo.ts";
import { getBodyByKey } from "#app/modules/bodies/queries.server.ts";
import { listRecentCases } from "#app/modules/cases/queries.server.ts";
import { osloDayStart } from "#app/modules/meetings/calendar.ts";
import { listMeetings } from "#app/modules/meetings/queries.server.ts";
import { CaseList, MeetingCard } from "#app/modules/political/components.tsx";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { presentCase, presentMeeting } from "#app/modules/political/present.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// An area (an area council's district): its outline drawn as SVG (no
// JavaScript or map tiles needed), the cases tagged with it, and upcoming
// meetings that concern it (the council's own, and any with an open item on
// one of its cases).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const key = params.key ?? "";
  const data = await deps.cache.get(m.id, `area:${key}`, async () => {
    const body = await getBodyByKey(deps.db.db, m.id, key);
    if (!body?.area) return null;
    const [meetings, cases] = await Promise.all([
      listMeetings(deps.db.db, m.id, { areaBodyId: body.id, from: osloDayStart(deps.now()), limit: 20 }),
      listRecentCases(deps.db.db, m.id, { areaBodyId: body.id, limit: 30 }),
    ]);
    return { body, meetings, cases };
  });
  if (!data) throw notFound();
  const name = pickText(data.body.name, locale);
  return {
    title: `${name?.value ?? t("areas.title")} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    area: { key: data.body.key, kind: data.body.kind, name, map: areaPath(data.body.area as Area, 360) },
    meetings: data.meetings.map((mt) => presentMeeting(mt, locale)),
    cases: data.cases.map((c) => presentCase(c, locale)),
  };
}

export default function AreaPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const a = d.area;
  return (
    <>
      <Trail tenant={d.tenant} name={d.name} />
      <h1>
        <LocalText text={a.name} fallback={tc(`body.kind.${a.kind}`)} />
      </h1>
      <figure className="area-map">
        <svg
          viewBox={`0 0 ${a.map.width} ${a.map.height}`}
          width={Math.min(a.map.width, 360)}
          role="img"
          aria-labelledby="area-map-title"
        >
          <title id="area-map-title">{t("areas.mapLabel", { name: a.name?.value ?? "" })}</title>
          <path d={a.map.d} fillRule="evenodd" />
        </svg>
        <figcaption className="muted">{t("areas.mapCaption")}</figcaption>
      </figure>
      <p>
        <Link to={`/${d.tenant}/bodies/${a.key}`}>{t("areas.councilPage")}</Link> ·{" "}
        <a href={`/${d.tenant}/areas/${a.key}/calendar.ics`}>{t("areas.subscribe")}</a> ·{" "}
        <Link to={`/${d.tenant}/following?body=${a.key}`}>{t("follow.followArea")}</Link>
      </p>
      <section aria-labelledby="area-meetings-h">
        <h2 id="area-meetings-h">{t("areas.meetings")}</h2>
        {d.meetings.length ? (
          <ul className="card-list">
            {d.meetings.map((mt) => (
              <li key={mt.id}>
                <MeetingCard tenant={d.tenant} meeting={mt} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("calendar.noMeetings")}</p>
        )}
      </section>
      <section aria-labelledby="area-cases-h">
        <h2 id="area-cases-h">{t("areas.cases")}</h2>
        {d.cases.length ? <CaseList tenant={d.tenant} cases={d.cases} /> : <p className="muted">{t("cases.none")}</p>}
      </section>
    </>
  );
}
