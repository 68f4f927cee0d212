import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { listRecentCases, searchCases } from "#app/modules/cases/queries.server.ts";
import { CaseList } from "#app/modules/political/components.tsx";
import { publicTenant } from "#app/modules/political/page.server.ts";
import { presentCase } from "#app/modules/political/present.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Cases: full-text search (?q=) over titles, summaries, decisions and the
// documents' text; without a query, the newest cases. Feeds are linked here.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  const hits = q ? await searchCases(deps.db, m.id, q) : null;
  const recent = q
    ? []
    : await deps.cache.get(m.id, "cases:recent", () => listRecentCases(deps.db.db, m.id, { limit: 30 }));
  return {
    title: `${q ? t("search.resultsTitle", { query: q }) : t("cases.title")} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    q,
    hits: hits?.map((h) => ({ ...presentCase(h, locale), matchedDocuments: h.matchedDocuments })) ?? null,
    recent: recent.map((c) => presentCase(c, locale)),
  };
}

export default function Cases() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("political");
  return (
    <>
      <Trail tenant={d.tenant} name={d.name} />
      <h1>{t("cases.title")}</h1>
      <Form method="get" role="search" className="search-form">
        <div>
          <label htmlFor="case-q">{t("search.label")}</label>
          <input id="case-q" type="search" name="q" defaultValue={d.q} maxLength={200} />
        </div>
        <button type="submit">{t("search.button")}</button>
      </Form>
      <p className="muted">
        {t("feeds.label")}: <a href={`/${d.tenant}/feeds/cases.rss`}>{t("feeds.casesRss")}</a> ·{" "}
        <a href={`/${d.tenant}/feeds/cases.atom`}>{t("feeds.casesAtom")}</a> ·{" "}
        <a href={`/${d.tenant}/feeds/decisions.rss`}>{t("feeds.decisionsRss")}</a> ·{" "}
        <a href={`/${d.tenant}/feeds/decisions.atom`}>{t("feeds.decisionsAtom")}</a>
      </p>
      {d.hits ? (
        <section aria-labelledby="hits-h">
          <h2 id="hits-h" aria-live="polite">
            {t("search.results", { n: d.hits.length })}
          </h2>
          {d.hits.length ? (
            <ul className="card-list">
              {d.hits.map((c) => (
                <li key={c.slug}>
                  <h3>
                    <Link to={`/${d.tenant}/cases/${c.slug}`}>
                      {t("case.number", { number: c.number })}: <LocalText text={c.title} />
                    </Link>
                  </h3>
                  {c.summary ? (
                    <p>
                      <LocalText text={c.summary} />
                    </p>
                  ) : null}
                  {c.matchedDocuments.length ? (
                    <p className="muted">{t("search.matchedDocuments", { titles: c.matchedDocuments.join(", ") })}</p>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("search.noResults")}</p>
          )}
        </section>
      ) : (
        <section aria-labelledby="recent-h">
          <h2 id="recent-h">{t("cases.recent")}</h2>
          {d.recent.length ? <CaseList tenant={d.tenant} cases={d.recent} /> : <p>{t("cases.none")}</p>}
        </section>
      )}
    </>
  );
}
