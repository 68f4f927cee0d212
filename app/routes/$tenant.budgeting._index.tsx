import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LocalText } from "#app/modules/political/text.tsx";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { listPriorities, listRounds } from "#app/modules/budgeting/queries.server.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The municipality's participatory-budgeting rounds (drafts are not shown).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = tenantFromUrl(request, params, deps);
  const t = i18nFor(locale).getFixedT(locale, "budgeting");
  const rounds = (await listRounds(deps.db.db, m.id)).filter((r) => r.phase !== "draft");
  const priorities = (await listPriorities(deps.db.db, m.id)).filter((p) => p.status !== "draft");
  return {
    title: `${t("nav.label")} – ${m.officialName}`,
    tenant: m.slug,
    rounds: rounds.map((r) => ({
      key: r.key,
      title: pickText(r.title, locale) ?? { value: r.key, lang: locale },
      phase: r.phase,
    })),
    priorities: priorities.map((p) => ({
      key: p.key,
      title: pickText(p.title, locale) ?? { value: p.key, lang: locale },
      status: p.status,
    })),
  };
}

export default function Rounds() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("budgeting");
  return (
    <>
      <h1>{t("nav.label")}</h1>
      <ul className="card-list">
        {d.rounds.map((r) => (
          <li key={r.key}>
            <a href={`/${d.tenant}/budgeting/${r.key}`}>
              <LocalText text={r.title} />
            </a>{" "}
            – {t(`phase.${r.phase}`)}
          </li>
        ))}
      </ul>
      {d.priorities.length ? (
        <section aria-labelledby="priorities-h">
          <h2 id="priorities-h">{t("prio.title")}</h2>
          <ul className="card-list">
            {d.priorities.map((p) => (
              <li key={p.key}>
                <a href={`/${d.tenant}/budget-priorities/${p.key}`}>
                  <LocalText text={p.title} />
                </a>{" "}
                – {p.status === "open" ? t("prio.open") : t("prio.closed")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
