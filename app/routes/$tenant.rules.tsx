import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { publicTenant } from "#app/modules/political/page.server.ts";
import { moderationRulesOf } from "#app/modules/consultations/queries.server.ts";

export const handle = { i18n: ["consultations", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The municipality's rules for comments (issue 6): what moderators hide and
// why, and how hidden content is kept. Until the municipality writes its own,
// the default rules are shown.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = publicTenant(request, params, deps);
  const r = await moderationRulesOf(deps.db.db, m.id);
  return {
    title: `${m.officialName}`,
    name: m.officialName,
    text: r ? pickText(r.text, locale) : null,
    updated: r ? formatDateTime(r.updatedAt, locale) : null,
  };
}

export default function Rules() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("consultations");
  const paragraphs = (s: string) =>
    s.split(/\n{2,}/).map((p, i) => (
      <p key={i} style={{ whiteSpace: "pre-wrap" }}>
        {p}
      </p>
    ));
  return (
    <>
      <h1>{t("rules.title", { name: d.name })}</h1>
      {d.text ? (
        <>
          <div lang={d.text.lang}>{paragraphs(d.text.value)}</div>
          <p className="muted">{t("rules.updated", { when: d.updated })}</p>
        </>
      ) : (
        paragraphs(t("rules.default"))
      )}
      <h2>{t("rules.howTitle")}</h2>
      <p>{t("rules.how")}</p>
    </>
  );
}
