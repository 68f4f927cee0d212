import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { roundPage } from "#app/modules/budgeting/page.server.ts";
import { latestResults, listAreas, listProposals } from "#app/modules/budgeting/queries.server.ts";
import { useMoney, PhaseNav, ratMoney } from "#app/modules/budgeting/ui.tsx";
import { pickText } from "#app/lib/localized.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

type Rat = { n: string; d: string };
type StoredProject = {
  id: string;
  cost: string;
  votes: number;
  score: number;
  selected: boolean;
  reason: string;
  greedyPosition?: number;
  budgetLeftAtTurn?: string;
  shortfall?: string;
  mes?: {
    round: number;
    payers: number;
    payersExhausted: number;
    supportersWithoutMoney: number;
    rho: Rat;
    paid: string;
  };
  supportersMoney?: Rat;
  moneyShortfall?: Rat;
};
type StoredResult = {
  rule: "greedy" | "mes";
  selected: string[];
  cost: string;
  budget: string;
  scale: number;
  voters: number;
  votersWithWinner: number;
  projects: StoredProject[];
  mes?: { endowment: Rat; add1Steps: number };
  cheapestWin?: Record<string, { kind: "cheaper"; maxCost: string; cost: string } | { kind: "none"; cost: string }>;
};

// The result for residents: per area, the winners, the money per project, and
// for every project why it won or lost under the rule.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, round } = await roundPage(request, params, deps);
  const [results, areas, proposals] = await Promise.all([
    latestResults(deps.db.db, round.id),
    listAreas(deps.db.db, round.id),
    listProposals(deps.db.db, round.id, { status: "feasible" }),
  ]);
  const title = pickText(round.title, locale)?.value ?? round.key;
  return {
    title: `${t("result.title")} – ${title} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    roundTitle: title,
    phase: round.phase,
    titles: Object.fromEntries(proposals.map((p) => [p.code, p.title])),
    scopes: results.map((r) => ({
      area: pickText(areas.find((a) => a.id === r.scope)?.name, locale)?.value ?? null,
      ballots: r.ballots,
      result: r.result as unknown as StoredResult,
    })),
  };
}

export default function Result() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  return (
    <>
      <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
      <h1>
        {t("result.title")}: {d.roundTitle}
      </h1>
      {d.scopes.length === 0 ? <p>{t("result.none")}</p> : null}
      {d.scopes.map((s, i) => {
        const r = s.result;
        const share = r.voters ? Math.round((100 * r.votersWithWinner) / r.voters) : 0;
        const winners = r.projects.filter((p) => p.selected);
        const losers = r.projects.filter((p) => !p.selected);
        return (
          <section key={i} aria-labelledby={`scope-${i}`}>
            <h2 id={`scope-${i}`}>{s.area ?? t("result.wholeRound")}</h2>
            <p>
              {t(`result.rule.${r.rule}`)} · {t("result.ballots", { n: s.ballots })} ·{" "}
              {t("result.spent", { cost: money(r.cost, r.scale), budget: money(r.budget, r.scale) })} ·{" "}
              {t("result.share", { pct: share })}
            </p>
            <div
              className="bar"
              role="img"
              aria-label={t("result.barLabel", {
                pct: r.budget !== "0" ? Math.round((100 * Number(r.cost)) / Number(r.budget)) : 0,
              })}
            >
              <span style={{ width: `${r.budget !== "0" ? (100 * Number(r.cost)) / Number(r.budget) : 0}%` }} />
            </div>
            <h3>{t("result.winners")}</h3>
            <table>
              <caption className="visually-hidden">{t("result.winners")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("result.project")}</th>
                  <th scope="col">{t("result.money")}</th>
                  <th scope="col">{t("result.votes")}</th>
                  <th scope="col">{t("result.why")}</th>
                </tr>
              </thead>
              <tbody>
                {winners.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      {d.titles[p.id] ?? p.id} ({p.id})
                    </th>
                    <td>{money(p.cost, r.scale)}</td>
                    <td>{p.votes}</td>
                    <td>
                      <Why p={p} r={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t("result.losers")}</h3>
            <ul className="card-list">
              {losers.map((p) => (
                <li key={p.id}>
                  <strong>
                    {d.titles[p.id] ?? p.id} ({p.id})
                  </strong>{" "}
                  – {money(p.cost, r.scale)}, {t("result.votesN", { n: p.votes })}. <Why p={p} r={r} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

function Why({ p, r }: { p: StoredProject; r: StoredResult }) {
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const sc = r.scale;
  const parts: string[] = [];
  if (p.reason === "mes" && p.mes) {
    parts.push(
      t("why.mes", {
        payers: p.mes.payers,
        share: ratMoney(money, p.mes.rho, sc),
        cost: money(p.cost, sc),
        exhausted: p.mes.payersExhausted,
      }),
    );
  } else if (p.reason === "greedy") {
    parts.push(t("why.greedy", { position: p.greedyPosition ?? "", left: money(p.budgetLeftAtTurn ?? "0", sc) }));
  } else if (p.reason === "did-not-fit") {
    parts.push(t("why.didNotFit", { position: p.greedyPosition ?? "", left: money(p.budgetLeftAtTurn ?? "0", sc) }));
  } else if (p.reason === "not-affordable") {
    parts.push(
      p.supportersMoney
        ? t("why.notAffordable", {
            had: ratMoney(money, p.supportersMoney, sc),
            missing: ratMoney(money, p.moneyShortfall, sc),
          })
        : t("why.notAffordableShort"),
    );
  } else {
    parts.push(t(`why.${p.reason}`, { defaultValue: t("why.other") }));
  }
  const cw = r.cheapestWin?.[p.id];
  if (!p.selected && cw)
    parts.push(cw.kind === "cheaper" ? t("why.cheapest", { max: money(cw.maxCost, sc) }) : t("why.noCost"));
  return <>{parts.join(" ")}</>;
}
