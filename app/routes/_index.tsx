import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "#app/lib/format.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { countActiveProcesses } from "#app/modules/processes/queries.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const countyParam = url.searchParams.get("fylke");
  const counties = deps.tenants.counties();
  const county = counties.some((c) => c.number === countyParam) ? countyParam : null;
  const results = deps.tenants.search(q, { county });
  const active = await deps.cache.get("*", "activeProcessCounts", () => countActiveProcesses(deps.db.db));
  const locale = requestLocale(request, deps);
  const t = tFor(locale);
  return {
    title: `${t("landing.title")} – ${t("app.name")}`,
    q,
    county,
    counties,
    total: results.length,
    results: results.map((m) => ({
      slug: m.slug,
      officialName: m.officialName,
      number: m.number,
      countyName: m.countyName,
      active: active.get(m.id) ?? 0,
      population: formatNumber(m.population, locale),
    })),
  };
}

export default function Landing() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("landing.title")}</h1>
      <p>{t("landing.intro")}</p>
      <Form method="get" className="search-form" role="search">
        <div>
          <label htmlFor="q">{t("landing.searchLabel")}</label>
          <input id="q" name="q" type="search" defaultValue={data.q} autoComplete="off" />
        </div>
        <div>
          <label htmlFor="fylke">{t("landing.countyLabel")}</label>
          <select id="fylke" name="fylke" defaultValue={data.county ?? ""}>
            <option value="">{t("landing.allCounties")}</option>
            {data.counties.map((c) => (
              <option key={c.number} value={c.number}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("landing.searchButton")}</button>
      </Form>
      <p role="status" aria-live="polite">
        {data.total ? t("landing.results", { count: data.total }) : t("landing.noResults")}
      </p>
      {data.total ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("landing.tableName")}</th>
              <th scope="col">{t("landing.tableCounty")}</th>
              <th scope="col">{t("landing.tableActive")}</th>
            </tr>
          </thead>
          <tbody>
            {data.results.map((m) => (
              <tr key={m.number}>
                <td>
                  <Link to={`/${m.slug}`}>{m.officialName}</Link> <span className="muted">({m.number})</span>
                </td>
                <td>{m.countyName}</td>
                <td>
                  {m.active ? (
                    <strong>{t("landing.active", { count: m.active })}</strong>
                  ) : (
                    <span className="muted">{t("landing.noActive")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
