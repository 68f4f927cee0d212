import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { adminOverview } from "#app/modules/admin/overview.server.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { publicTenant } from "#app/modules/political/page.server.ts";
import { formatTime } from "#app/lib/format.ts";

export const handle = { i18n: ["admin", "budgeting", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The staff start page: what this person may manage in this municipality.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = publicTenant(request, params, deps);
  const actor = await requireStaff(request, deps, m.id, "read:admin:tenant");
  const overview = await adminOverview(deps, actor, m.id, locale);
  return {
    title: `Medvirk – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    ...overview,
    today: overview.today.map((mt) => ({ ...mt, startsAt: formatTime(mt.startsAt, locale) })),
  };
}

export default function AdminStart() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  const { t: tb } = useTranslation("budgeting");
  const { t: tc } = useTranslation();
  return (
    <>
      <h1>{t("title", { name: d.name })}</h1>
      {d.today.length > 0 && (
        <section aria-labelledby="admin-today-h" className="notice">
          <h2 id="admin-today-h">{t("today")}</h2>
          <ul>
            {d.today.map((mt) => (
              <li key={mt.id}>
                <Link to={`/${d.tenant}/meetings/${mt.id}`}>
                  {mt.body} {mt.startsAt}
                </Link>{" "}
                <span className="muted">({tc(`meeting.status.${mt.status}`)})</span>
                {mt.console ? (
                  <>
                    {" · "}
                    <Link to={`/${d.tenant}/meetings/${mt.id}/console`}>{t("openConsole")}</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      )}
      <nav aria-labelledby="admin-sections-h">
        <h2 id="admin-sections-h">{t("sections")}</h2>
        <ul className="card-list">
          {d.sections.map((s) => (
            <li key={s.key}>
              <Link to={`/${d.tenant}/${s.path}`}>{t(`section.${s.key}.title`)}</Link>
              {s.count ? (
                <>
                  {" "}
                  <strong className="badge">{t("waiting", { count: s.count })}</strong>
                </>
              ) : null}
              <p className="muted">{t(`section.${s.key}.about`)}</p>
            </li>
          ))}
        </ul>
      </nav>
      {d.consultations.length > 0 && (
        <section aria-labelledby="admin-consultations-h">
          <h2 id="admin-consultations-h">{t("consultations")}</h2>
          <ul>
            {d.consultations.map((c) => (
              <li key={c.id}>
                <Link to={`/${d.tenant}/admin/consultations/${c.id}`}>
                  <bdi>{c.title || t("untitled")}</bdi>
                </Link>{" "}
                <span className="muted">({c.open ? t("open") : t("closed")})</span>
                {c.reportToAttach ? (
                  <>
                    {" "}
                    <strong className="badge">{t("reportToAttach")}</strong>
                  </>
                ) : null}
                {c.overdueStatements ? (
                  <>
                    {" "}
                    <strong className="badge">{t("statementsOverdue", { count: c.overdueStatements })}</strong>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.rounds.length > 0 && (
        <section aria-labelledby="admin-rounds-h">
          <h2 id="admin-rounds-h">{t("rounds")}</h2>
          <ul>
            {d.rounds.map((r) => (
              <li key={r.key}>
                <Link to={`/${d.tenant}/admin/budgeting/${r.key}`}>
                  <bdi>{r.title}</bdi>
                </Link>{" "}
                <span className="muted">({tb(`phase.${r.phase}`)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
