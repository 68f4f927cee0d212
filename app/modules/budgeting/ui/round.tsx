import { Button, Card, CardBlock, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { roundIndexPage } from "../round-page.server.ts";
import { useMoney, PhaseNav } from "../ui.tsx";

// A PB round's public page (issue 8), with the proposals as cards showing
// status, category, cost and place (issue 19).

export type RoundData = Awaited<ReturnType<typeof roundIndexPage>>;

export function RoundPage({ d }: { d: RoundData }) {
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const areaName = (k: string | null) => d.areas.find((a) => a.key === k)?.name ?? "";
  return (
    <>
      <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
      <h1>{d.roundTitle}</h1>
      {d.description ? <Paragraph data-size="lg">{d.description}</Paragraph> : null}
      <p>
        {t("round.phase")}: <strong>{t(`phase.${d.phase}`)}</strong> ·{" "}
        {t("round.budget", { budget: money(d.budget, d.scale) })}
      </p>
      {d.phase === "voting" || d.phase === "proposals" ? (
        <p>
          <Link
            className="ds-button"
            data-variant="primary"
            to={`/${d.tenant}/budgeting/${d.key}/${d.phase === "voting" ? "vote" : "propose"}`}
          >
            {t(d.phase === "voting" ? "nav.vote" : "nav.propose")}
          </Link>
        </p>
      ) : null}
      {d.areas.length ? (
        <ul>
          {d.areas.map((a) => (
            <li key={a.key}>{t("round.areaBudget", { area: a.name, budget: money(a.budget, d.scale) })}</li>
          ))}
        </ul>
      ) : null}
      <section aria-labelledby="proposals-h">
        <h2 id="proposals-h">{t("round.proposals")}</h2>
        {d.areas.length || d.categories.length ? (
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
            <Button type="submit" variant="secondary">
              {t("round.filter")}
            </Button>
          </Form>
        ) : null}
        {d.proposals.length ? (
          <ul className="card-grid">
            {d.proposals.map((p) => (
              <li key={p.code}>
                <Card data-color="neutral" className="proposal-card">
                  <CardBlock>
                    <p className="card-meta">
                      <Tag data-color={p.status === "rejected" ? "neutral" : "accent"} data-size="sm">
                        {t(`status.${p.status}`)}
                      </Tag>
                      {p.category ? (
                        <Tag data-color="neutral" data-size="sm">
                          {p.category}
                        </Tag>
                      ) : null}
                    </p>
                    <Heading level={3} data-size="xs">
                      <Link to={`/${d.tenant}/budgeting/${d.key}/proposals/${p.code}`}>
                        <bdi>{p.title}</bdi>
                      </Link>{" "}
                      <span className="muted">({p.code})</span>
                    </Heading>
                    <p className="proposal-cost">
                      {p.officialCost
                        ? t("round.officialCost", { cost: money(p.officialCost, d.scale) })
                        : t("round.estimatedCost", { cost: money(p.estimatedCost, d.scale) })}
                    </p>
                    {p.costReason ? <Paragraph data-size="sm">{p.costReason}</Paragraph> : null}
                    {p.description ? <Paragraph data-size="sm">{p.description}</Paragraph> : null}
                    {areaName(p.area) || p.placeName ? (
                      <Paragraph data-size="sm" className="muted">
                        {[areaName(p.area), p.placeName].filter(Boolean).join(" · ")}
                      </Paragraph>
                    ) : null}
                    {p.statusReason ? (
                      <Paragraph data-size="sm">
                        {t("round.status")}: {t(`status.${p.status}`)} – {p.statusReason}
                      </Paragraph>
                    ) : null}
                  </CardBlock>
                </Card>
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
