import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LocalText } from "#app/modules/political/text.tsx";
import { pickText } from "#app/lib/localized.ts";
import { tenantPage } from "#app/modules/panels/page.server.ts";
import { listPanels } from "#app/modules/panels/queries.server.ts";

export const handle = { i18n: ["panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Public: the municipality's citizen panels (not those still being prepared).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = tenantPage(request, params, deps);
  const list = (await listPanels(deps.db.db, m.id)).filter((p) => p.status !== "draft");
  return {
    title: `${t("public.listTitle")} – ${m.officialName}`,
    tenant: m.slug,
    panels: list.map((p) => ({
      key: p.key,
      title: pickText(p.title, locale) ?? { value: p.key, lang: locale },
      purpose: pickText(p.purpose, locale)?.value ?? "",
      status: p.status,
      size: p.size,
    })),
  };
}

export default function PublicPanels() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("panels");
  return (
    <>
      <h1>{t("public.listTitle")}</h1>
      {d.panels.length ? (
        <ul className="card-list">
          {d.panels.map((p) => (
            <li key={p.key}>
              <h2>
                <a href={`/${d.tenant}/panels/${p.key}`}>
                  <LocalText text={p.title} />
                </a>
              </h2>
              {p.purpose ? <p>{p.purpose}</p> : null}
              <p>
                {t(`status.${p.status}`)} · {t("panel.size", { k: p.size })}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("public.none")}</p>
      )}
    </>
  );
}
