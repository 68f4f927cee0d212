import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";

// What is stored about a person, why and for how long (in every locale).
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = tFor(requestLocale(request, context.deps));
  return { title: `${t("privacy.title", { ns: "identity" })} – ${t("app.name")}` };
}

const STORED = ["account", "eid", "contributions", "sessions", "codes", "staff", "audit"] as const;
const HOW_LONG = ["codes", "sessions", "account", "contributions", "audit"] as const;

export default function Privacy() {
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro")}</p>
      <h2>{t("privacy.storedTitle")}</h2>
      <ul>
        {STORED.map((k) => (
          <li key={k}>{t(`privacy.stored.${k}`)}</li>
        ))}
      </ul>
      <h2>{t("privacy.whyTitle")}</h2>
      <p>{t("privacy.why")}</p>
      <h2>{t("privacy.howLongTitle")}</h2>
      <ul>
        {HOW_LONG.map((k) => (
          <li key={k}>{t(`privacy.howLong.${k}`)}</li>
        ))}
      </ul>
      <h2>{t("privacy.rightsTitle")}</h2>
      <p>{t("privacy.rights")}</p>
    </>
  );
}
