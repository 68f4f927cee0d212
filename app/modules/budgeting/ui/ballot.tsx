import { Button } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ChoiceField } from "#app/components/ui.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { LevelRaise } from "#app/modules/identity/requirements.tsx";
import { type Ballot, ballotTotals } from "../rules.ts";
import { BallotErrors, useMoney, PhaseNav } from "../ui.tsx";
import type { BallotReply, votePage } from "../vote-page.server.ts";

// The ballot (issue 8), on Designsystemet with a budget bar (issue 19). The
// bar and the running total are rendered on the server from the posted ballot
// ("Update the total" without JavaScript) and follow each choice with it.

type VoteData = Awaited<ReturnType<typeof votePage>>;

/**
 * How much of the budget the chosen projects use: a bar for the eye (the
 * running total beside it says the same in words for everyone). Over the
 * budget the bar fills and turns to the danger colour.
 */
export function BudgetBar({ spent, budget, label }: { spent: bigint; budget: bigint; label: string }) {
  const share = budget > 0n ? Number((spent * 10000n) / budget) / 100 : 0;
  const over = spent > budget;
  return (
    <div className="budget-bar" data-over={over ? "true" : undefined} aria-hidden="true" data-label={label}>
      <div
        className="budget-bar-fill"
        style={{ inlineSize: `${Math.min(100, share)}%` }}
        data-testid="budget-bar-fill"
        data-share={share.toFixed(2)}
      />
    </div>
  );
}

export function VotePage({ d, reply }: { d: VoteData; reply: BallotReply | undefined }) {
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const base = `/${d.tenant}/budgeting/${d.key}`;
  if (d.phase !== "voting") {
    return (
      <>
        <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
        <h1>{t("vote.title")}</h1>
        <p role="status">{t("vote.closed")}</p>
      </>
    );
  }
  if (d.areas.length && !d.area) {
    return (
      <>
        <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
        <h1>{t("vote.title")}</h1>
        <p>{t("vote.chooseArea")}</p>
        <ul>
          {d.areas.map((a) => (
            <li key={a.key}>
              <a href={`${base}/vote?area=${encodeURIComponent(a.key)}`}>{a.name}</a>
            </li>
          ))}
        </ul>
      </>
    );
  }
  if (!d.gate.ok) {
    return (
      <>
        <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
        <h1>{t("vote.title")}</h1>
        <LevelRaise need={d.gate.need} have={d.gate.have} ways={d.gate.ways} />
      </>
    );
  }
  if (reply?.receipt) {
    return (
      <>
        <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
        <h1>{t("vote.thanks")}</h1>
        <p role="status">{reply.replaced ? t("vote.replaced") : t("vote.counted")}</p>
        <p>
          {t("vote.receiptIntro")} <strong className="receipt">{reply.receipt}</strong>
        </p>
        <p>{t("vote.receiptHelp")}</p>
        <p>
          <a href={`${base}?receipt=${encodeURIComponent(reply.receipt)}#receipt`}>{t("vote.checkReceipt")}</a>
        </p>
      </>
    );
  }
  return (
    <>
      <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
      <h1>{t("vote.title")}</h1>
      <p>{t(`vote.howTo.${d.ballot.kind}`, { ...d.ballot, budget: money(d.budget, d.scale) })}</p>
      {d.voted ? <p className="notice">{t("vote.alreadyVoted")}</p> : null}
      <BallotForm key={JSON.stringify(reply ?? null)} d={d} reply={reply} />
    </>
  );
}

function BallotForm({ d, reply }: { d: VoteData; reply: BallotReply | undefined }) {
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const [ballot, setBallot] = useState<Ballot>(
    reply?.ballot ?? { projects: [], points: d.ballot.kind === "cumulative" ? [] : undefined },
  );
  const projects = d.projects.map((p) => ({ id: p.code, cost: BigInt(p.cost) }));
  const rules =
    d.ballot.kind === "knapsack"
      ? { kind: "knapsack" as const, budget: BigInt(d.budget), minProjects: d.ballot.minProjects }
      : d.ballot;
  const totals = ballotTotals(rules, projects, ballot);
  const titles = Object.fromEntries(d.projects.map((p) => [p.code, p.title]));
  const errorText =
    reply?.code && reply.code !== "errors.ballotInvalid" ? t(reply.code, { level: "", age: d.minAge ?? "" }) : null;

  const toggle = (code: string, on: boolean) =>
    setBallot((b) => ({
      projects: on ? [...b.projects.filter((c) => c !== code), code] : b.projects.filter((c) => c !== code),
    }));
  const setPoints = (code: string, raw: string) =>
    setBallot((b) => {
      const entries = b.projects.map((c, i) => [c, b.points?.[i] ?? 0] as const).filter(([c]) => c !== code);
      const p = /^\d+$/.test(raw) ? Number(raw) : 0;
      const next = p > 0 ? [...entries, [code, p] as const] : entries;
      return { projects: next.map(([c]) => c), points: next.map(([, v]) => v) };
    });
  const setRank = (rank: number, code: string) =>
    setBallot((b) => {
      const ranks = Array.from(
        { length: d.ballot.kind === "ranking" ? d.ballot.maxRanked : 0 },
        (_, i) => b.projects[i] ?? "",
      );
      ranks[rank - 1] = code;
      return { projects: ranks.filter(Boolean) };
    });
  const pointsOf = (code: string) => {
    const i = ballot.projects.indexOf(code);
    return i >= 0 ? String(ballot.points?.[i] ?? "") : "";
  };

  return (
    <Form
      method="post"
      className="stack-form ballot"
      noValidate
      aria-describedby={reply?.errors.length ? "ballot-errors" : undefined}
    >
      <CsrfInput />
      {errorText ? (
        <p className="field-error" role="alert">
          {errorText}
        </p>
      ) : null}
      <BallotErrors errors={reply?.errors ?? []} titles={titles} scale={d.scale} />
      {d.ballot.kind === "approval" || d.ballot.kind === "knapsack" ? (
        <fieldset className="ds-fieldset">
          <legend className="ds-label">{t("vote.projects")}</legend>
          {d.projects.map((p) => (
            <ChoiceField
              key={p.code}
              type="checkbox"
              id={`p-${p.code}`}
              name="project"
              value={p.code}
              defaultChecked={ballot.projects.includes(p.code)}
              onChange={(e) => toggle(p.code, e.currentTarget.checked)}
              label={`${p.title} (${p.code}) – ${money(p.cost, d.scale)}`}
            />
          ))}
        </fieldset>
      ) : null}
      {d.ballot.kind === "cumulative" ? (
        <fieldset>
          <legend>{t("vote.spreadPoints", { points: d.ballot.points })}</legend>
          {d.projects.map((p) => (
            <div key={p.code} className="choice">
              <label htmlFor={`pt-${p.code}`}>
                <bdi>{p.title}</bdi> ({p.code}) – {money(p.cost, d.scale)}
              </label>
              <input
                type="number"
                inputMode="numeric"
                min={0}
                max={d.ballot.kind === "cumulative" ? d.ballot.points : undefined}
                id={`pt-${p.code}`}
                name={`points.${p.code}`}
                defaultValue={pointsOf(p.code)}
                onChange={(e) => setPoints(p.code, e.currentTarget.value)}
              />
            </div>
          ))}
        </fieldset>
      ) : null}
      {d.ballot.kind === "ranking" ? (
        <fieldset>
          <legend>{t("vote.rankUpTo", { n: d.ballot.maxRanked })}</legend>
          {Array.from({ length: d.ballot.maxRanked }, (_, i) => i + 1).map((rank) => (
            <div key={rank} className="choice">
              <label htmlFor={`rank-${rank}`}>{t("vote.rank", { n: rank })}</label>
              <select
                id={`rank-${rank}`}
                name={`rank.${rank}`}
                defaultValue={ballot.projects[rank - 1] ?? ""}
                onChange={(e) => setRank(rank, e.currentTarget.value)}
              >
                <option value="">{t("vote.noChoice")}</option>
                {d.projects.map((p) => (
                  <option key={p.code} value={p.code}>
                    <bdi>{p.title}</bdi> ({p.code})
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
      ) : null}
      <section aria-labelledby="total-h" className="running-total">
        <h2 id="total-h">{t("vote.total")}</h2>
        {totals.budgetLeft !== null ? (
          <BudgetBar spent={totals.cost} budget={BigInt(d.budget)} label={t("vote.barLabel")} />
        ) : null}
        <p aria-live="polite" id="running-total">
          {t("vote.chosen", { n: totals.count })} · {t("vote.cost", { cost: money(totals.cost, d.scale) })}
          {totals.budgetLeft !== null ? (
            <>
              {" "}
              ·{" "}
              {totals.budgetLeft >= 0n
                ? t("vote.left", { left: money(totals.budgetLeft, d.scale) })
                : t("vote.over", { over: money(-totals.budgetLeft, d.scale) })}
            </>
          ) : null}
          {totals.pointsLeft !== null ? (
            <>
              {" "}
              ·{" "}
              {totals.pointsLeft >= 0
                ? t("vote.pointsLeft", { n: totals.pointsLeft })
                : t("vote.pointsOver", { n: -totals.pointsLeft })}
            </>
          ) : null}
        </p>
        <Button type="submit" name="intent" value="check" variant="secondary">
          {t("vote.update")}
        </Button>
      </section>
      {d.minAge ? (
        <ChoiceField
          type="checkbox"
          id="ageConfirmed"
          name="ageConfirmed"
          defaultChecked={reply?.ageConfirmed}
          label={t("vote.ageConfirm", { age: d.minAge })}
        />
      ) : null}
      <div>
        <Button type="submit" name="intent" value="cast">
          {d.voted ? t("vote.change") : t("vote.cast")}
        </Button>
      </div>
    </Form>
  );
}
