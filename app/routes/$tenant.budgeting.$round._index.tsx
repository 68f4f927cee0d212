import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifyReceipt } from "#app/modules/budgeting/commands.server.ts";
import { roundPage } from "#app/modules/budgeting/page.server.ts";
import { listAreas, listProposals } from "#app/modules/budgeting/queries.server.ts";
import { money, PhaseNav } from "#app/modules/budgeting/ui.tsx";
import { pickText } from "#app/lib/localized.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// A participatory-budgeting round: its phase, the proposals (filter by area
// and category, plain GET form), and a receipt check for voters.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, round } = await roundPage(request, params, deps);
  const url = new URL(request.url);
  const areas = await listAreas(deps.db.db, round.id);
  const areaKey = url.searchParams.get("area") ?? "";
  const category = url.searchParams.get("category") ?? "";
  const area = areas.find((a) => a.key === areaKey);
  const all = await listProposals(deps.db.db, round.id, { areaId: area?.id, category: category || null });
  // Before review every proposal shows; from voting on, those that are on the ballot and those turned down (with the reason).
  const proposals = all.filter((p) => p.status !== "withdrawn");
  const receipt = (url.searchParams.get("receipt") ?? "").trim().slice(0, 40);
  const check = receipt ? await verifyReceipt(deps, { tenantId: m.id, roundId: round.id, code: receipt }) : null;
  const title = pickText(round.title, locale)?.value ?? round.key;
  return {
    title: `${title} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    roundTitle: title,
    description: pickText(round.description, locale)?.value ?? "",
    phase: round.phase,
    scale: round.scale,
    budget: round.budget.toString(),
    areas: areas.map((a) => ({
      key: a.key,
      id: a.id,
      name: pickText(a.name, locale)?.value ?? a.key,
      budget: a.budget.toString(),
    })),
    categories: round.categories,
    filter: { area: area?.key ?? "", category },
    receipt,
    check,
    proposals: proposals.map((p) => ({
      code: p.code,
      title: p.title,
      description: p.description,
      category: p.category,
      area: areas.find((a) => a.id === p.areaId)?.key ?? null,
      placeName: p.placeName,
      estimatedCost: p.estimatedCost.toString(),
      officialCost: p.officialCost?.toString() ?? null,
      costReason: p.costReason,
      status: p.status,
      statusReason: p.statusReason,
    })),
  };
}

export default function Round() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("budgeting");
  const areaName = (k: string | null) => d.areas.find((a) => a.key === k)?.name ?? "";
  return (
    <>
      <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
      <h1>{d.roundTitle}</h1>
      {d.description ? <p>{d.description}</p> : null}
      <p>
        {t("round.phase")}: <strong>{t(`phase.${d.phase}`)}</strong> ·{" "}
        {t("round.budget", { budget: money(d.budget, d.scale) })}
      </p>
      {d.areas.length ? (
        <ul>
          {d.areas.map((a) => (
            <li key={a.key}>{t("round.areaBudget", { area: a.name, budget: money(a.budget, d.scale) })}</li>
          ))}
        </ul>
      ) : null}
      <section aria-labelledby="proposals-h">
        <h2 id="proposals-h">{t("round.proposals")}</h2>
        <Form method="get" className="filter-form">
          {d.areas.length ? (
            <div>
              <label htmlFor="f-area">{t("round.area")}</label>
              <select id="f-area" name="area" defaultValue={d.filter.area}>
                <option value="">{t("round.all")}</option>
                {d.areas.map((a) => (
                  <option key={a.key} value={a.key}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {d.categories.length ? (
            <div>
              <label htmlFor="f-category">{t("round.category")}</label>
              <select id="f-category" name="category" defaultValue={d.filter.category}>
                <option value="">{t("round.all")}</option>
                {d.categories.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit">{t("round.filter")}</button>
        </Form>
        {d.proposals.length ? (
          <ul className="card-list">
            {d.proposals.map((p) => (
              <li key={p.code}>
                <h3>
                  <a href={`/${d.tenant}/budgeting/${d.key}/proposals/${p.code}`}>{p.title}</a>{" "}
                  <span className="muted">({p.code})</span>
                </h3>
                {p.description ? <p>{p.description}</p> : null}
                <p className="muted">{[p.category, areaName(p.area), p.placeName].filter(Boolean).join(" · ")}</p>
                <p>
                  {p.officialCost
                    ? t("round.officialCost", { cost: money(p.officialCost, d.scale) })
                    : t("round.estimatedCost", { cost: money(p.estimatedCost, d.scale) })}
                  {p.costReason ? ` – ${p.costReason}` : ""}
                </p>
                <p>
                  {t("round.status")}: {t(`status.${p.status}`)}
                  {p.statusReason ? ` – ${p.statusReason}` : ""}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("round.noProposals")}</p>
        )}
      </section>
      <section aria-labelledby="receipt-h" id="receipt">
        <h2 id="receipt-h">{t("receipt.title")}</h2>
        <Form method="get" className="search-form">
          <div>
            <label htmlFor="receipt-code">{t("receipt.label")}</label>
            <input id="receipt-code" name="receipt" defaultValue={d.receipt} maxLength={40} autoComplete="off" />
          </div>
          <button type="submit">{t("receipt.check")}</button>
        </Form>
        {d.check ? (
          <p role="status">
            {d.check.status === "counted"
              ? t("receipt.counted", {
                  projects: d.check.projects
                    .map((c, i) =>
                      d.check?.status === "counted" && d.check.points ? `${c} (${d.check.points[i]})` : c,
                    )
                    .join(", "),
                })
              : t(`receipt.${d.check.status}`)}
          </p>
        ) : null}
      </section>
    </>
  );
}
