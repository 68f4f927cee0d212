import { formatPercent } from "#app/lib/format.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { panelPage } from "#app/modules/panels/page.server.ts";
import { publishedSelection } from "#app/modules/panels/queries.server.ts";
import type { Audit } from "#app/modules/panels/sortition/select.ts";
import { CompositionTable } from "#app/modules/panels/ui.tsx";

export const handle = { i18n: ["panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Public: the published record of a draw. Quotas, the pool's composition
// (aggregated; counts under the panel's anonymity threshold suppressed),
// every member's selection probability without names or row order, the seed,
// the algorithm version and the command that re-runs the draw.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, panel } = await panelPage(request, params, deps);
  const sel = await publishedSelection(deps.db.db, m.id, panel.id);
  if (!sel || !sel.audit) throw new Response("Not found", { status: 404 });
  const audit = sel.audit as unknown as Audit;
  const title = pickText(panel.title, locale)?.value ?? panel.key;
  // Probabilities grouped: how many members had each (rounded) probability.
  const groups = new Map<string, number>();
  for (const p of audit.probabilities) {
    const k = formatPercent(p, locale, 2);
    groups.set(k, (groups.get(k) ?? 0) + 1);
  }
  return {
    title: `${t("audit.title")} – ${title} – ${m.officialName}`,
    tenant: m.slug,
    key: panel.key,
    panelTitle: title,
    anonymity: panel.anonymity,
    method: audit.method,
    algorithmVersion: audit.algorithmVersion,
    seed: audit.seed,
    n: audit.n,
    k: audit.k,
    minProbability: audit.minProbability,
    minProbabilityText: formatPercent(audit.minProbability, locale, 2),
    quotas: audit.quotas.map((q) => ({
      category: q.category,
      feature: q.feature,
      min: q.min,
      max: q.max,
      pool: q.pool,
      selected: q.selected,
      populationShare: null,
    })),
    groups: [...groups.entries()].map(([p, count]) => ({ p, count })),
    probabilities: audit.probabilities.map((p) => Math.round(p * 1e6) / 1e6),
    reproduce: audit.reproduce,
    publishedAt: sel.publishedAt!.toISOString(),
    drawnAt: sel.finishedAt?.toISOString() ?? "",
  };
}

export default function AuditPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("panels");
  return (
    <>
      <h1>
        {t("audit.title")}: {d.panelTitle}
      </h1>
      <p>
        <a href={`/${d.tenant}/panels/${d.key}`}>{t("audit.back")}</a>
      </p>
      <dl>
        <dt>{t("audit.method")}</dt>
        <dd>{t(`method.${d.method}`)}</dd>
        <dt>{t("audit.version")}</dt>
        <dd>
          <code>{d.algorithmVersion}</code>
        </dd>
        <dt>{t("audit.seed")}</dt>
        <dd>
          <code>{d.seed}</code>
        </dd>
        <dt>{t("audit.sizes")}</dt>
        <dd>{t("audit.sizesValue", { n: d.n, k: d.k })}</dd>
        <dt>{t("audit.minProbability")}</dt>
        <dd>{d.minProbabilityText}</dd>
      </dl>
      <p>{t(`audit.explain.${d.method}`)}</p>
      <section aria-labelledby="q-h">
        <h2 id="q-h">{t("audit.quotas")}</h2>
        <CompositionTable cells={d.quotas} caption={t("audit.quotasCaption")} anonymity={d.anonymity} />
      </section>
      <section aria-labelledby="p-h">
        <h2 id="p-h">{t("audit.probabilities")}</h2>
        <p>{t("audit.probabilitiesHelp")}</p>
        <table>
          <caption>{t("audit.probabilitiesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("audit.probability")}</th>
              <th scope="col">{t("audit.members")}</th>
            </tr>
          </thead>
          <tbody>
            {d.groups.map((g) => (
              <tr key={g.p}>
                <td>{g.p}</td>
                <td>{g.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <details>
          <summary>{t("audit.allProbabilities")}</summary>
          <p className="mono">{d.probabilities.join(" ")}</p>
        </details>
      </section>
      <section aria-labelledby="r-h">
        <h2 id="r-h">{t("audit.reproduce")}</h2>
        <p>{t("audit.reproduceHelp")}</p>
        <pre>
          <code>{d.reproduce}</code>
        </pre>
      </section>
    </>
  );
}
