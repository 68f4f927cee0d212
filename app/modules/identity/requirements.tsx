import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { VerificationLevel } from "./levels.ts";
import { CsrfInput } from "./csrf.tsx";

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

/**
 * In place of an action the viewer may not yet take: what it needs, what they have, and the ways
 * to get there that return to this page afterwards (namespace "identity").
 */
export function LevelRaise({
  need,
  have,
  ways,
}: {
  need: VerificationLevel;
  have: VerificationLevel;
  ways: readonly ("phone" | "oidc" | "staff")[];
}) {
  const { t } = useTranslation("identity");
  const location = useLocation();
  const back = encodeURIComponent(location.pathname + location.search);
  return (
    <section aria-labelledby="raise-h" className="notice">
      <h2 id="raise-h">{t("raise.title")}</h2>
      <p>{t("raise.intro", { level: t(`levels.${need}`), have: t(`levels.${have}`) })}</p>
      <ul className="actions">
        {ways.includes("phone") ? (
          <li>
            <Link to={`/account/phone?returnTo=${back}`}>{t("raise.phone")}</Link>
          </li>
        ) : null}
        {ways.includes("oidc") ? (
          <li>
            <Form method="post" action="/auth/oidc">
              <CsrfInput />
              <input type="hidden" name="returnTo" value={location.pathname + location.search} />
              <button type="submit">{t("raise.oidc")}</button>
            </Form>
          </li>
        ) : null}
        {ways.includes("staff") ? <li>{t("raise.staff")}</li> : null}
      </ul>
    </section>
  );
}
