import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { castBallot, hasVoted, plainBallotErrors } from "#app/modules/budgeting/commands.server.ts";
import { roundPage } from "#app/modules/budgeting/page.server.ts";
import { listAreas, listProposals } from "#app/modules/budgeting/queries.server.ts";
import { ballotFromForm, ballotRulesOf } from "#app/modules/budgeting/round.ts";
import { type Ballot, ballotTotals, validateBallot } from "#app/modules/budgeting/rules.ts";
import { BallotErrors, money, PhaseNav, type PlainBallotError } from "#app/modules/budgeting/ui.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { checkGate } from "#app/modules/identity/gate.ts";
import { waysToRaise } from "#app/modules/identity/phone.server.ts";
import { LevelRaise } from "#app/modules/identity/requirements.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { pickText } from "#app/lib/localized.ts";

export const handle = { i18n: ["budgeting", "identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The ballot. Works without JavaScript: "Update the total" posts the ballot
// back and the server shows the running total and any problem (nothing is
// cast); with JavaScript the total updates as the voter chooses. The same pure
// rules (rules.ts) check the ballot here, in castBallot and in the tally.
async function load(
  request: Request,
  params: { tenant?: string; round?: string },
  deps: Parameters<typeof roundPage>[2],
) {
  const { m, locale, t, round } = await roundPage(request, params, deps);
  const me = await requireUser(request, deps);
  const areas = await listAreas(deps.db.db, round.id);
  const url = new URL(request.url);
  const areaKey = url.searchParams.get("area");
  const area = areas.find((a) => a.key === areaKey) ?? null;
  const proposals =
    round.phase === "voting" && (area || !areas.length)
      ? await listProposals(deps.db.db, round.id, { areaId: area ? area.id : null, status: "feasible" })
      : [];
  const budget = area?.budget ?? round.budget;
  const rules = ballotRulesOf(round.rules.ballot, budget);
  const projects = proposals.map((p) => ({ id: p.code, cost: p.officialCost ?? 0n }));
  return { m, locale, t, round, me, areas, area, budget, rules, projects, proposals };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, round, me, areas, area, budget, proposals } = await load(request, params, deps);
  const voted = await hasVoted(deps.db.db, round.id, me.id);
  const gate = checkGate(me.verification, round.tenantId, round.eligibility.level);
  return {
    gate: { ...gate, ways: gate.ok ? [] : await waysToRaise(deps, gate.need, new URL(request.url).pathname) },
    title: `${t("vote.title")} – ${pickText(round.title, locale)?.value ?? round.key} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    roundTitle: pickText(round.title, locale)?.value ?? round.key,
    phase: round.phase,
    ballot: round.rules.ballot,
    minAge: round.eligibility.minAge ?? null,
    scale: round.scale,
    budget: budget.toString(),
    areas: areas.map((a) => ({ key: a.key, name: pickText(a.name, locale)?.value ?? a.key })),
    area: area?.key ?? null,
    voted: voted.some((v) => v.scope === (area?.id ?? "")),
    projects: proposals.map((p) => ({
      code: p.code,
      title: p.title,
      cost: (p.officialCost ?? 0n).toString(),
      category: p.category,
    })),
  };
}

type Reply = {
  intent: "check" | "cast";
  ballot: Ballot;
  errors: PlainBallotError[];
  receipt?: string;
  replaced?: boolean;
  code?: string;
  ageConfirmed?: boolean;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { round, me, area, rules, projects } = await load(request, params, deps);
  const form = await request.formData();
  const intent = form.get("intent") === "cast" ? "cast" : "check";
  const ballot = ballotFromForm(
    round.rules.ballot.kind,
    form,
    projects.map((p) => p.id),
  );
  const ageConfirmed = form.get("ageConfirmed") === "on";
  if (intent === "check") {
    const check = validateBallot(rules, projects, ballot);
    return { intent, ballot, errors: check.ok ? [] : plainBallotErrors(check.errors), ageConfirmed } satisfies Reply;
  }
  const r = await castBallot(deps, me, {
    tenantId: round.tenantId,
    roundId: round.id,
    areaKey: area?.key ?? null,
    ballot,
    ageConfirmed,
  });
  if (!r.ok)
    return { intent, ballot, errors: r.error.ballotErrors ?? [], code: r.error.code, ageConfirmed } satisfies Reply;
  return { intent, ballot, errors: [], receipt: r.value.receipt, replaced: r.value.replaced } satisfies Reply;
}

export default function Vote() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("budgeting");
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
      <BallotForm key={JSON.stringify(reply ?? null)} reply={reply} />
    </>
  );
}

function BallotForm({ reply }: { reply: Reply | undefined }) {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("budgeting");
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
        <fieldset>
          <legend>{t("vote.projects")}</legend>
          {d.projects.map((p) => (
            <div key={p.code} className="choice">
              <input
                type="checkbox"
                id={`p-${p.code}`}
                name="project"
                value={p.code}
                defaultChecked={ballot.projects.includes(p.code)}
                onChange={(e) => toggle(p.code, e.currentTarget.checked)}
              />
              <label htmlFor={`p-${p.code}`}>
                {p.title} ({p.code}) – {money(p.cost, d.scale)}
              </label>
            </div>
          ))}
        </fieldset>
      ) : null}
      {d.ballot.kind === "cumulative" ? (
        <fieldset>
          <legend>{t("vote.spreadPoints", { points: d.ballot.points })}</legend>
          {d.projects.map((p) => (
            <div key={p.code} className="choice">
              <label htmlFor={`pt-${p.code}`}>
                {p.title} ({p.code}) – {money(p.cost, d.scale)}
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
                    {p.title} ({p.code})
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
      ) : null}
      <section aria-labelledby="total-h" className="running-total">
        <h2 id="total-h">{t("vote.total")}</h2>
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
        <button type="submit" name="intent" value="check" className="secondary">
          {t("vote.update")}
        </button>
      </section>
      {d.minAge ? (
        <div className="choice">
          <input type="checkbox" id="ageConfirmed" name="ageConfirmed" defaultChecked={reply?.ageConfirmed} />
          <label htmlFor="ageConfirmed">{t("vote.ageConfirm", { age: d.minAge })}</label>
        </div>
      ) : null}
      <button type="submit" name="intent" value="cast">
        {d.voted ? t("vote.change") : t("vote.cast")}
      </button>
    </Form>
  );
}
