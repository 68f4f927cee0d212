import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageTrail } from "#app/components/shell.tsx";
import { formatMoney } from "#app/lib/format.ts";
import { DEFAULT_LOCALE, isLocale, type Locale } from "#app/lib/i18n.ts";

// Small UI pieces shared by the budgeting pages.

/** A round's money in the given language: `units` are whole kroner, or øre when `scale` is 2. Same on server and client. */
export function moneyIn(locale: Locale) {
  return (units: bigint | string | number, scale = 0): string => formatMoney(Number(units) / 10 ** scale, locale);
}

/** `moneyIn` for the reader's language, e.g. "35 000 kr" in Norwegian, "kr 35,000" in English. */
export function useMoney() {
  const { i18n } = useTranslation();
  return moneyIn(isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE);
}

/** A fraction stored as {n, d} strings, in kroner. */
export function ratMoney(
  money: ReturnType<typeof moneyIn>,
  r: { n: string; d: string } | undefined,
  scale = 0,
): string {
  if (!r) return "";
  return money(Number(r.n) / Number(r.d), scale);
}

export type PlainBallotError = Record<string, string | number>;

/** The translated ballot errors (rules.ts codes), announced. */
export function BallotErrors({
  errors,
  titles,
  scale,
}: {
  errors: readonly PlainBallotError[];
  titles: Record<string, string>;
  scale: number;
}) {
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  if (!errors.length) return null;
  return (
    <div className="field-error" role="alert" id="ballot-errors">
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {t(`ballotError.${e.code}`, {
              ...e,
              project: titles[String(e.project)] ?? e.project,
              limit: e.limit !== undefined ? money(String(e.limit), scale) : undefined,
              total: e.total !== undefined && e.code === "over-budget" ? money(String(e.total), scale) : e.total,
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PhaseNav({ tenant, round, phase }: { tenant: string; round: string; phase: string }) {
  const { t } = useTranslation("budgeting");
  const { pathname } = useLocation();
  const base = `/${tenant}/budgeting/${round}`;
  const items = [
    { href: base, label: t("nav.projects") },
    ...(phase === "proposals" ? [{ href: `${base}/propose`, label: t("nav.propose") }] : []),
    ...(phase === "voting" ? [{ href: `${base}/vote`, label: t("nav.vote") }] : []),
    ...(["result", "implementation", "closed"].includes(phase)
      ? [{ href: `${base}/result`, label: t("nav.result") }]
      : []),
    ...(["implementation", "closed"].includes(phase)
      ? [{ href: `${base}/implementation`, label: t("nav.implementation") }]
      : []),
  ];
  return (
    <>
      <PageTrail />
      <nav aria-label={t("nav.label")} className="subnav">
        <ul>
          {items.map((i) => (
            <li key={i.href}>
              <a href={i.href} aria-current={pathname === i.href ? "page" : undefined}>
                {i.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

/** The ballot and tally rule fields of the staff forms (read by staff-form.ts rulesFromForm). */
export function RulesFields({ prefix, values }: { prefix: string; values: Record<string, string> }) {
  const { t } = useTranslation("budgeting");
  return (
    <>
      <div>
        <label htmlFor={`${prefix}-kind`}>{t("admin.kind")}</label>
        <select id={`${prefix}-kind`} name="kind" defaultValue={values.kind ?? "approval"}>
          {["approval", "knapsack", "cumulative", "ranking"].map((k) => (
            <option key={k} value={k}>
              {t(`admin.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${prefix}-limit`}>{t("admin.limit")}</label>
        <input id={`${prefix}-limit`} name="limit" inputMode="numeric" defaultValue={values.limit ?? ""} />
      </div>
      <div>
        <label htmlFor={`${prefix}-minimum`}>{t("admin.minimum")}</label>
        <input id={`${prefix}-minimum`} name="minimum" inputMode="numeric" defaultValue={values.minimum ?? ""} />
      </div>
      <div>
        <label htmlFor={`${prefix}-rule`}>{t("admin.rule")}</label>
        <select id={`${prefix}-rule`} name="rule" defaultValue={values.rule ?? "mes"}>
          <option value="mes">{t("admin.rules.mes")}</option>
          <option value="greedy">{t("admin.rules.greedy")}</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${prefix}-completion`}>{t("admin.completion")}</label>
        <select id={`${prefix}-completion`} name="completion" defaultValue={values.completion ?? "add1"}>
          {["add1", "add1-exhaustive", "none"].map((c) => (
            <option key={c} value={c}>
              {t(`admin.completions.${c}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
