import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { listAreas } from "#app/modules/bodies/queries.server.ts";

import { publicTenant } from "#app/modules/political/page.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const areas = await deps.cache.get(m.id, "areas", () => listAreas(deps.db.db, m.id));
  return {
    title: `${t("areas.title")} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    areas: areas.map((a) => ({ key: a.key, kind: a.kind, name: pickText(a.name, locale) })),
  };
}

export default function Areas() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  return (
    <>
      <Trail tenant={d.tenant} name={d.name} />
      <h1>{t("areas.title")}</h1>
      <p>{t("areas.intro")}</p>
      {d.areas.length ? (
        <ul>
          {d.areas.map((a) => (
            <li key={a.key}>
              <Link to={`/${d.tenant}/areas/${a.key}`}>
                <LocalText text={a.name} fallback={tc(`body.kind.${a.kind}`)} />
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("areas.none")}</p>
      )}
    </>
  );
}
