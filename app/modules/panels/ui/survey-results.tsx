import { useTranslation } from "react-i18next";
import { formatDecimal, formatPercent } from "#app/lib/format.ts";
import { isLocale } from "#app/lib/i18n.ts";
import type { SurveyResultsView } from "../survey-results-page.server.ts";
import type { OptionResult } from "../surveys.ts";

// A panel survey's results for staff: shares raw and weighted, in the reader's number format.
function Shares({ options, caption }: { options: OptionResult[]; caption: string }) {
  const { t, i18n } = useTranslation("panels");
  const pct = (x: number) => formatPercent(x, isLocale(i18n.language) ? i18n.language : "nb", 1);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("survey.answer")}</th>
          <th scope="col">{t("survey.count")}</th>
          <th scope="col">{t("survey.raw")}</th>
          <th scope="col">{t("survey.weighted")}</th>
        </tr>
      </thead>
      <tbody>
        {options.map((o) => (
          <tr key={o.option}>
            <th scope="row">{o.option}</th>
            <td>{o.count}</td>
            <td>{pct(o.raw)}</td>
            <td>{pct(o.weighted)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SurveyResults({ d }: { d: SurveyResultsView }) {
  const { t, i18n } = useTranslation("panels");
  const lng = isLocale(i18n.language) ? i18n.language : "nb";
  const pct = (x: number) => formatPercent(x, lng, 1);
  const r = d.results;
  return (
    <>
      <h1>
        {t("survey.resultsTitle")}: {d.surveyTitle}
      </h1>
      <p>
        <a href={`/${d.tenant}/admin/panels/${d.key}`}>{d.panelTitle}</a>
      </p>
      <p>
        {t("survey.rate", {
          responded: d.responded,
          invited: d.invited,
          pct: d.invited ? Math.round((100 * d.responded) / d.invited) : 0,
        })}
      </p>
      <section aria-labelledby="w-h">
        <h2 id="w-h">{t("survey.weighting")}</h2>
        <p>
          {r.weighting.used.length
            ? t("survey.weightedOn", { categories: r.weighting.used.join(", ") })
            : t("survey.noMargins")}
        </p>
        {r.weighting.skipped.length ? (
          <p>{t("survey.skipped", { categories: r.weighting.skipped.map((s) => s.category).join(", ") })}</p>
        ) : null}
        <p>
          {t("survey.ess", {
            ess: formatDecimal(r.weighting.effectiveSize, lng, 1, 1),
            n: r.respondents,
            moe: pct(r.weighting.marginOfError),
          })}
        </p>
        <table>
          <caption>{t("survey.representativeness")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("table.category")}</th>
              <th scope="col">{t("table.feature")}</th>
              <th scope="col">{t("survey.respondents")}</th>
              <th scope="col">{t("table.population")}</th>
            </tr>
          </thead>
          <tbody>
            {r.representativeness.map((x) => (
              <tr key={`${x.category}\u0000${x.feature}`}>
                <td>{x.category}</td>
                <td>{x.feature}</td>
                <td>
                  {x.respondents} ({pct(x.share)})
                </td>
                <td>{x.population === null ? "–" : pct(x.population)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {r.questions.map((q, i) => (
        <section key={q.key} aria-labelledby={`${q.key}-h`}>
          <h2 id={`${q.key}-h`}>
            {i + 1}. {q.text}
          </h2>
          <p>{t("survey.answered", { n: q.answered })}</p>
          {q.mean ? (
            <p>
              {t("survey.mean", {
                raw: formatDecimal(q.mean.raw, lng, 2, 2),
                weighted: formatDecimal(q.mean.weighted, lng, 2, 2),
              })}
            </p>
          ) : null}
          {q.options && q.kind !== "ranking" ? <Shares options={q.options} caption={q.text} /> : null}
          {q.ranks ? (
            <table>
              <caption>{t("survey.averageRank")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("survey.answer")}</th>
                  <th scope="col">{t("survey.raw")}</th>
                  <th scope="col">{t("survey.weighted")}</th>
                </tr>
              </thead>
              <tbody>
                {q.ranks.map((x) => (
                  <tr key={x.option}>
                    <th scope="row">{x.option}</th>
                    <td>{formatDecimal(x.raw, lng, 2, 2)}</td>
                    <td>{formatDecimal(x.weighted, lng, 2, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {q.rows?.map((row) => (
            <Shares key={row.row} options={row.options} caption={`${q.text} – ${row.row}`} />
          ))}
          {q.texts ? (
            <ul>
              {q.texts.map((x, j) => (
                <li key={j}>{x}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </>
  );
}
