import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { VerificationLevel } from "./levels.ts";

/** The verification each action of a process needs, and whether the viewer has it (namespace "identity"). */
export function RequirementList({
  items,
  have,
  signedIn,
}: {
  items: { action: string; need: VerificationLevel; ok: boolean }[];
  have: VerificationLevel;
  signedIn: boolean;
}) {
  const { t } = useTranslation("identity");
  const location = useLocation();
  return (
    <section aria-labelledby="req-h">
      <h2 id="req-h">{t("requirements.title")}</h2>
      <ul>
        {items.map((i) => (
          <li key={i.action}>
            {t("requirements.item", { action: t(`requirements.actions.${i.action}`), level: t(`levels.${i.need}`) })} –{" "}
            {i.ok ? t("requirements.met") : t("requirements.notMet")}
          </li>
        ))}
      </ul>
      {signedIn ? (
        <p>{t("requirements.youHave", { level: t(`levels.${have}`) })}</p>
      ) : (
        <p>
          <Link to={`/signin?returnTo=${encodeURIComponent(location.pathname)}`}>{t("signin.title")}</Link>
        </p>
      )}
    </section>
  );
}
