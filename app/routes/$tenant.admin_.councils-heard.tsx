import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { bodyNames } from "#app/modules/bodies/queries.server.ts";
import { parseOsloLocal } from "#app/modules/meetings/calendar.ts";
import { staffContext } from "#app/modules/political/staff.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import { heardBeforeDecision } from "#app/modules/consultations/heard.ts";
import { statementFacts } from "#app/modules/consultations/queries.server.ts";

export const handle = { i18n: ["consultations", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

// The municipality-level report (issue 6): over a period, for each council,
// the share of the cases decided in it on which the council was asked and
// answered before the decision (app/modules/consultations/heard.ts). A plain
// GET form picks the period, so the page works without JavaScript and its
// address can be shared.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = await staffContext(request, params, deps);
  const sp = new URL(request.url).searchParams;
  const now = deps.now();
  const year = now.getUTCFullYear();
  const fromRaw = DAY_RE.test(sp.get("from") ?? "") ? sp.get("from")! : `${year}-01-01`;
  const toRaw = DAY_RE.test(sp.get("to") ?? "") ? sp.get("to")! : `${year}-12-31`;
  const from = parseOsloLocal(`${fromRaw}T00:00`);
  const toDay = parseOsloLocal(`${toRaw}T00:00`);
  const to = toDay ? new Date(toDay.getTime() + 86_400_000) : null; // the end day is included
  const rows =
    from && to && to > from ? heardBeforeDecision(await statementFacts(deps.db.db, m.id), { from, to }, now) : null;
  const bad = rows === null;
  const names = await bodyNames(
    deps.db.db,
    m.id,
    (rows ?? []).map((r) => r.councilBodyId),
  );
  const pct = new Intl.NumberFormat(locale === "nb" || locale === "nn" || locale === "se" ? "nb-NO" : locale, {
    style: "percent",
    maximumFractionDigits: 0,
  });
  return {
    title: `${t("heard.title", { ns: "consultations" })} – ${m.officialName}`,
    from: fromRaw,
    to: toRaw,
    bad,
    rows: (rows ?? []).map((r) => ({
      ...r,
      name: pickText(names.find((n) => n.id === r.councilBodyId)?.name ?? null, locale),
      share: r.share === null ? null : pct.format(r.share),
    })),
  };
}

export default function CouncilsHeard() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("consultations");
  return (
    <>
      <h1>{t("heard.title")}</h1>
      <p>{t("heard.intro")}</p>
      <Form method="get" className="inline">
        <label htmlFor="heard-from">{t("heard.from")}</label>
        <input id="heard-from" name="from" type="date" defaultValue={d.from} />
        <label htmlFor="heard-to">{t("heard.to")}</label>
        <input id="heard-to" name="to" type="date" defaultValue={d.to} />
        <button type="submit">{t("heard.show")}</button>
      </Form>
      {d.bad ? (
        <p className="field-error" role="alert">
          {t("errors.badPeriod")}
        </p>
      ) : d.rows.length ? (
        <table>
          <caption>{t("heard.caption", { from: d.from, to: d.to })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("heard.council")}</th>
              <th scope="col">{t("heard.asked")}</th>
              <th scope="col">{t("heard.heard")}</th>
              <th scope="col">{t("heard.onTime")}</th>
              <th scope="col">{t("heard.share")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.councilBodyId}>
                <th scope="row">
                  <LocalText text={r.name} />
                </th>
                <td>{r.asked}</td>
                <td>{r.heard}</td>
                <td>{r.onTime}</td>
                <td>{r.share ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("heard.none")}</p>
      )}
    </>
  );
}
