import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { dirOf, isLocale } from "#app/lib/i18n.ts";
import { formatDateTime, formatNumber } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";
import { listUpcomingMeetings } from "#app/modules/meetings/queries.server.ts";
import { participationOverview } from "#app/modules/processes/overview.server.ts";
import { DEMO_MUNICIPALITY_NUMBER } from "#app/modules/demo/constants.ts";

import { listLiveNow } from "#app/modules/live/live.server.ts";
import { LiveNowList } from "#app/modules/live/live-now.tsx";

export const handle = { i18n: ["political", "live", "budgeting", "panels"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = tenantFromUrl(request, params, deps);
  const t = tFor(locale);
  // Public and the same for everyone: cached until the tenant's next domain event.
  const [overview, meetings] = await Promise.all([
    deps.cache.get(m.id, "participation", () => participationOverview(deps.db.db, m.id)),
    deps.cache.get(m.id, "home-meetings", () => listUpcomingMeetings(deps.db.db, m.id, deps.now())),
  ]);
  const liveNow = await deps.cache.get(m.id, "live-now", () => listLiveNow(deps.db.db, m.id)); // issue 9
  return {
    liveNow: liveNow.map((l) => ({ meetingId: l.meetingId, body: pickText(l.body.name, locale)?.value ?? l.body.key })),
    title: `${m.officialName} – ${t("app.name")}`,
    municipality: {
      slug: m.slug,
      officialName: m.officialName,
      number: m.number,
      countyName: m.countyName,
      population: formatNumber(m.population, locale),
    },
    demo: m.number === DEMO_MUNICIPALITY_NUMBER && deps.demo,
    processes: overview.items.map((p) => ({
      id: p.id,
      kind: p.kind,
      stage: p.stage,
      title: p.title ? pickText(p.title, locale) : null,
      closes: p.deadline ? formatDateTime(p.deadline, locale) : null,
      caseNumber: p.caseNumber,
      href: p.path ? `/${m.slug}/${p.path}` : null,
    })),
    meetings: meetings.map((mt) => ({
      id: mt.id,
      when: formatDateTime(mt.startsAt, locale),
      location: mt.location,
      status: mt.status,
      bodyKind: mt.body.kind,
      bodyName: pickText(mt.body.name, locale),
      agenda: mt.agenda?.map((it) => (it.closed ? it : { ...it, title: pickText(it.title, locale) })) ?? null,
    })),
  };
}

function Text({ text, fallback = "" }: { text: { value: string; lang: string } | null; fallback?: string }) {
  const { i18n } = useTranslation();
  if (!text) return <>{fallback}</>;
  // Mark text shown in another language than the page's (WCAG 3.1.2).
  return text.lang === i18n.language ? (
    <>{text.value}</>
  ) : (
    <span lang={text.lang} dir={isLocale(text.lang) ? dirOf(text.lang) : "auto"}>
      {text.value}
    </span>
  );
}

export default function MunicipalityHome() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const m = data.municipality;
  return (
    <>
      <h1>{m.officialName}</h1>
      <p className="muted">
        {t("landing.number", { number: m.number })} · {t("tenant.county", { county: m.countyName })} ·{" "}
        {t("tenant.population", { population: m.population })}
      </p>
      {data.demo ? <p className="notice">{t("tenant.demo")}</p> : null}
      <LiveNowList tenant={m.slug} items={data.liveNow} />

      <section aria-labelledby="processes-h">
        <h2 id="processes-h">{t("tenant.activeProcesses")}</h2>
        {data.processes.length ? (
          <ul className="card-list">
            {data.processes.map((p) => (
              <li key={p.id} className="process-card">
                <h3>
                  {p.href ? (
                    <a href={p.href}>
                      <Text text={p.title} />
                    </a>
                  ) : (
                    <Text text={p.title} />
                  )}
                </h3>
                <p className="muted">
                  {t(`process.kind.${p.kind}`)}
                  {p.caseNumber ? ` · ${t("tenant.case", { number: p.caseNumber })}` : ""}
                  {p.closes ? ` · ${t("tenant.closes", { date: p.closes })}` : ""}
                </p>
                {p.stage ? <p className="stage">{t(p.stage)}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("tenant.noActiveProcesses")}</p>
        )}
      </section>

      <section aria-labelledby="meetings-h">
        <h2 id="meetings-h">{t("tenant.upcomingMeetings")}</h2>
        {data.meetings.length ? (
          <ul className="card-list">
            {data.meetings.map((mt) => (
              <li key={mt.id}>
                <h3>
                  <Text text={mt.bodyName} fallback={t(`body.kind.${mt.bodyKind}`)} />
                </h3>
                <p>
                  {mt.when}
                  {mt.location ? ` · ${mt.location}` : ""} · {t(`meeting.status.${mt.status}`)}
                </p>
                {mt.agenda ? (
                  <>
                    <h4>{t("tenant.agenda")}</h4>
                    <ol className="agenda">
                      {mt.agenda.map((it) =>
                        it.closed ? (
                          <li key={it.position}>
                            {t("tenant.closedItem")}
                            {it.basis ? ` (${t("tenant.closedBasis", { basis: it.basis })})` : ""}
                          </li>
                        ) : (
                          <li key={it.position}>
                            {it.caseNumber ? `${t("tenant.case", { number: it.caseNumber })}: ` : ""}
                            <Text text={it.title} />
                          </li>
                        ),
                      )}
                    </ol>
                  </>
                ) : (
                  <p className="muted">{t("tenant.noAgenda")}</p>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("tenant.noUpcomingMeetings")}</p>
        )}
      </section>
    </>
  );
}
