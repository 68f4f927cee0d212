import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { listBodies } from "#app/modules/bodies/queries.server.ts";

import { publicTenant } from "#app/modules/political/page.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const bodies = await deps.cache.get(m.id, "bodies", () => listBodies(deps.db.db, m.id));
  return {
    title: `${t("bodies.title")} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    bodies: bodies.map((b) => ({ key: b.key, kind: b.kind, name: pickText(b.name, locale), hasArea: !!b.area })),
  };
}

export default function Bodies() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  return (
    <>
      <Trail tenant={d.tenant} name={d.name} />
      <h1>{t("bodies.title")}</h1>
      <p>{t("bodies.intro")}</p>
      {d.bodies.length ? (
        <ul className="card-list">
          {d.bodies.map((b) => (
            <li key={b.key}>
              <h2 className="h3">
                <Link to={`/${d.tenant}/bodies/${b.key}`}>
                  <LocalText text={b.name} fallback={tc(`body.kind.${b.kind}`)} />
                </Link>
              </h2>
              <p className="muted">{tc(`body.kind.${b.kind}`)}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("bodies.none")}</p>
      )}
    </>
  );
}
