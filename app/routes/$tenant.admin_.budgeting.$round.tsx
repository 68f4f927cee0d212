import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  computeResult,
  confirmPaperBallot,
  enterPaperBallot,
  movePhase,
  reviewProposal,
  updateRules,
} from "#app/modules/budgeting/commands.server.ts";
import { rulesFromForm } from "#app/modules/budgeting/staff-form.ts";
import { implementationOf, postUpdate } from "#app/modules/budgeting/implementation.server.ts";
import { compareRules } from "#app/modules/budgeting/compare.server.ts";
import { PB_IMPL_STATUSES, type PbImplStatus } from "#db/schema/budgeting.ts";
import { roundPage } from "#app/modules/budgeting/page.server.ts";
import { findPerson, listAreas, listProposals, pendingPaperBallots } from "#app/modules/budgeting/queries.server.ts";
import { PHASE_ORDER, type Phase } from "#app/modules/budgeting/round.ts";
import type { Ballot } from "#app/modules/budgeting/rules.ts";
import { BallotErrors, money, RulesFields, type PlainBallotError } from "#app/modules/budgeting/ui.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { pickText } from "#app/lib/localized.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: move the round's phase, review proposals, type in paper ballots and
// confirm others' (second check), compute the result.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, round } = await roundPage(request, params, deps);
  const me = await requireStaff(request, deps, m.id, "manage:budgeting:tenant");
  const [areas, proposals, paper, funded] = await Promise.all([
    listAreas(deps.db.db, round.id),
    listProposals(deps.db.db, round.id),
    pendingPaperBallots(deps.db.db, round.id),
    round.phase === "implementation" ? implementationOf(deps.db.db, round.id, null) : Promise.resolve([]),
  ]);
  const comparison = ["result", "implementation", "closed"].includes(round.phase)
    ? await compareRules(deps.db.db, round)
    : [];
  return {
    title: `${t("staff.title")} – ${pickText(round.title, locale)?.value ?? round.key} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    me: me.id,
    roundTitle: pickText(round.title, locale)?.value ?? round.key,
    phase: round.phase,
    frozen: !!round.rulesFrozenAt,
    kind: round.rules.ballot.kind,
    scale: round.scale,
    areas: areas.map((a) => ({ key: a.key, id: a.id, name: pickText(a.name, locale)?.value ?? a.key })),
    proposals: proposals.map((p) => ({
      id: p.id,
      code: p.code,
      title: p.title,
      status: p.status,
      estimatedCost: p.estimatedCost.toString(),
      officialCost: p.officialCost?.toString() ?? "",
    })),
    comparison: comparison.map((c) => ({
      area: areas.find((a) => a.id === c.scope)
        ? (pickText(areas.find((a) => a.id === c.scope)!.name, locale)?.value ?? c.areaKey)
        : null,
      ballots: c.ballots,
      budget: c.budget.toString(),
      projects: c.projects.map((p) => ({
        id: p.id,
        cost: p.cost.toString(),
        title: proposals.find((x) => x.code === p.id)?.title ?? p.id,
      })),
      outcomes: c.outcomes.map((o) => ({
        key: o.key,
        selected: o.selected,
        cost: o.cost.toString(),
        share: o.voters ? Math.round((100 * o.votersWithWinner) / o.voters) : 0,
      })),
    })),
    rule: round.rules.tally.rule === "greedy" ? "greedy" : `mes-${round.rules.tally.completion ?? "add1"}`,
    ruleValues: ((b, tl) => ({
      kind: b.kind,
      limit: String(
        b.kind === "approval"
          ? (b.maxProjects ?? "")
          : b.kind === "cumulative"
            ? b.points
            : b.kind === "ranking"
              ? b.maxRanked
              : "",
      ),
      minimum: String(
        b.kind === "cumulative" ? "" : b.kind === "ranking" ? (b.minRanked ?? "") : (b.minProjects ?? ""),
      ),
      rule: tl.rule,
      completion: tl.completion ?? "add1",
    }))(round.rules.ballot, round.rules.tally) as Record<string, string>,
    funded: funded.map((p) => ({
      id: p.id,
      code: p.code,
      title: p.title,
      status: p.status,
      progress: p.progress,
      finalCost: p.finalCost?.toString() ?? "",
    })),
    paper: paper.map((p) => ({
      id: p.id,
      who: p.person ?? p.email ?? p.phone ?? "",
      projects: p.projects ?? [],
      points: p.points,
      mine: p.enteredBy === me.id,
      area: areas.find((a) => a.id === p.scope)?.key ?? "",
    })),
  };
}

type Reply = {
  intent: string;
  ok: boolean;
  code?: string;
  field?: string;
  errors?: PlainBallotError[];
  target?: string;
  values?: Record<string, string>;
  told?: number;
};

/** "P1 P3" or, for points, "P1:3 P2:2"; ranking keeps the order. */
function parseCodes(text: string): Ballot {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  const projects: string[] = [];
  const points: number[] = [];
  let withPoints = false;
  for (const tok of tokens) {
    const [c, p] = tok.toUpperCase().split(":");
    projects.push(c!);
    if (p !== undefined) withPoints = true;
    points.push(p !== undefined && /^\d+$/.test(p) ? Number(p) : -1);
  }
  return withPoints ? { projects, points } : { projects };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, round } = await roundPage(request, params, deps);
  const me = await requireStaff(request, deps, m.id, "manage:budgeting:tenant");
  const form = await request.formData();
  const s = (k: string, max = 2000) => {
    const v = form.get(k);
    return typeof v === "string" ? v.slice(0, max).trim() : "";
  };
  const intent = s("intent", 20);
  const values = Object.fromEntries(
    [...form.entries()].filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
  ) as Record<string, string>;
  const reply = (
    r: { ok: boolean; error?: { code: string; field?: string; ballotErrors?: PlainBallotError[] } },
    target?: string,
  ): Reply =>
    r.ok
      ? { intent, ok: true, target }
      : {
          intent,
          ok: false,
          code: r.error!.code,
          field: r.error!.field,
          errors: r.error!.ballotErrors,
          target,
          values,
        };
  const kr = (v: string) =>
    /^\d{1,12}$/.test(v.replace(/[\s\u00a0.]/g, ""))
      ? BigInt(v.replace(/[\s\u00a0.]/g, "")) * 10n ** BigInt(round.scale)
      : null;
  switch (intent) {
    case "phase": {
      const to = s("to", 20) as Phase;
      if (!PHASE_ORDER.includes(to)) return reply({ ok: false, error: { code: "errors.phaseBackwards" } });
      return reply(await movePhase(deps, me, { tenantId: m.id, roundId: round.id, to }));
    }
    case "review": {
      const decision = s("decision", 20) as "feasible" | "rejected" | "merged";
      const id = s("proposalId", 100);
      const cost = s("officialCost", 20);
      const officialCost = cost ? kr(cost) : null;
      if (decision === "feasible" && officialCost === null)
        return reply({ ok: false, error: { code: "errors.costInvalid", field: "officialCost" } }, id);
      return reply(
        await reviewProposal(deps, me, {
          tenantId: m.id,
          proposalId: id,
          decision,
          officialCost,
          costReason: s("costReason"),
          reason: s("reason"),
          mergedIntoCode: s("mergedInto", 20).toUpperCase(),
        }),
        id,
      );
    }
    case "paper": {
      const personId = await findPerson(deps.db.db, s("person", 300));
      if (!personId) return reply({ ok: false, error: { code: "errors.personUnknown", field: "person" } });
      return reply(
        await enterPaperBallot(deps, me, {
          tenantId: m.id,
          roundId: round.id,
          areaKey: s("area", 100) || null,
          personId,
          ballot: parseCodes(s("codes", 500)),
        }),
      );
    }
    case "confirm":
    case "reject": {
      const id = s("paperId", 100);
      return reply(
        await confirmPaperBallot(deps, me, {
          tenantId: m.id,
          paperBallotId: id,
          accept: intent === "confirm",
          reason: s("reason"),
        }),
        id,
      );
    }
    case "update": {
      const id = s("proposalId", 100);
      const status = s("status", 20) as PbImplStatus;
      const progressRaw = s("progress", 5);
      const progress = /^\d{1,3}$/.test(progressRaw) ? Number(progressRaw) : -1;
      const finalRaw = s("finalCost", 20);
      const finalCost = finalRaw ? kr(finalRaw) : null;
      if (finalRaw && finalCost === null)
        return reply({ ok: false, error: { code: "errors.finalCostRequired", field: "finalCost" } }, id);
      const file = form.get("photo");
      const photo =
        file instanceof File && file.size > 0
          ? { bytes: new Uint8Array(await file.arrayBuffer()), alt: s("photoAlt", 400) }
          : null;
      const r = await postUpdate(deps, me, {
        tenantId: m.id,
        proposalId: id,
        body: s("body", 6000),
        status,
        progress,
        finalCost,
        photo,
      });
      return r.ok ? { ...reply(r, id), told: r.value.told } : reply(r, id);
    }
    case "rules": {
      const rules = rulesFromForm((k) => s(k, 40));
      if (!rules) return reply({ ok: false, error: { code: "errors.rulesInvalid" } });
      return reply(await updateRules(deps, me, { tenantId: m.id, roundId: round.id, rules }));
    }
    case "compute":
      return reply(await computeResult(deps, me, { tenantId: m.id, roundId: round.id }));
    default:
      return reply({ ok: false, error: { code: "errors.notFound" } });
  }
}

export default function StaffRound() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("budgeting");
  const next = PHASE_ORDER.slice(PHASE_ORDER.indexOf(d.phase as Phase) + 1);
  const feedback = (intent: string, target?: string) =>
    reply && reply.intent === intent && (target === undefined || reply.target === target) ? (
      reply.ok ? (
        <p role="status" className="notice">
          {t("staff.saved")}
        </p>
      ) : (
        <div className="field-error" role="alert">
          <p>{t(reply.code ?? "errors.notFound")}</p>
          {reply.errors ? <BallotErrors errors={reply.errors} titles={{}} scale={d.scale} /> : null}
        </div>
      )
    ) : null;
  return (
    <>
      <h1>
        {t("staff.title")}: {d.roundTitle}
      </h1>
      <p>
        <a href={`/${d.tenant}/budgeting/${d.key}`}>{t("staff.publicPage")}</a>
      </p>
      <section aria-labelledby="phase-h">
        <h2 id="phase-h">{t("staff.phase")}</h2>
        <p>
          {t("round.phase")}: <strong>{t(`phase.${d.phase}`)}</strong>
          {d.frozen ? ` · ${t("staff.frozen")}` : ""}
        </p>
        {next.length ? (
          <Form method="post" className="inline-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="phase" />
            <label htmlFor="to">{t("staff.moveTo")}</label>
            <select id="to" name="to">
              {next.map((p) => (
                <option key={p} value={p}>
                  {t(`phase.${p}`)}
                </option>
              ))}
            </select>
            <button type="submit">{t("staff.move")}</button>
          </Form>
        ) : null}
        {feedback("phase")}
      </section>
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">{t("admin.rulesLegend")}</h2>
        <Form method="post" className="stack-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="rules" />
          <RulesFields prefix="rules" values={d.ruleValues} />
          <button type="submit">{t("admin.saveRules")}</button>
          {feedback("rules")}
        </Form>
      </section>
      <section aria-labelledby="review-h">
        <h2 id="review-h">{t("staff.review")}</h2>
        <ul className="card-list">
          {d.proposals.map((p) => (
            <li key={p.id}>
              <h3>
                {p.title} ({p.code}) – {t(`status.${p.status}`)}
              </h3>
              <p>{t("round.estimatedCost", { cost: money(p.estimatedCost, d.scale) })}</p>
              {d.phase === "proposals" || d.phase === "review" ? (
                <Form method="post" className="stack-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="review" />
                  <input type="hidden" name="proposalId" value={p.id} />
                  <div>
                    <label htmlFor={`dec-${p.code}`}>{t("staff.decision")}</label>
                    <select
                      id={`dec-${p.code}`}
                      name="decision"
                      defaultValue={p.status === "submitted" ? "feasible" : p.status}
                    >
                      <option value="feasible">{t("status.feasible")}</option>
                      <option value="rejected">{t("status.rejected")}</option>
                      <option value="merged">{t("status.merged")}</option>
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`cost-${p.code}`}>{t("staff.officialCost")}</label>
                    <input
                      id={`cost-${p.code}`}
                      name="officialCost"
                      inputMode="numeric"
                      defaultValue={
                        p.officialCost
                          ? String(Number(p.officialCost) / 10 ** d.scale)
                          : String(Number(p.estimatedCost) / 10 ** d.scale)
                      }
                    />
                  </div>
                  <div>
                    <label htmlFor={`cr-${p.code}`}>{t("staff.costReason")}</label>
                    <input id={`cr-${p.code}`} name="costReason" />
                  </div>
                  <div>
                    <label htmlFor={`r-${p.code}`}>{t("staff.reason")}</label>
                    <input id={`r-${p.code}`} name="reason" />
                  </div>
                  <div>
                    <label htmlFor={`m-${p.code}`}>{t("staff.mergedInto")}</label>
                    <input id={`m-${p.code}`} name="mergedInto" />
                  </div>
                  <button type="submit">{t("staff.saveReview", { code: p.code })}</button>
                  {feedback("review", p.id)}
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {d.phase === "voting" ? (
        <section aria-labelledby="paper-h">
          <h2 id="paper-h">{t("staff.paper")}</h2>
          <p>{t("staff.paperHelp")}</p>
          <Form method="post" className="stack-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="paper" />
            <div>
              <label htmlFor="paper-person">{t("staff.person")}</label>
              <input
                id="paper-person"
                name="person"
                autoComplete="off"
                defaultValue={reply?.intent === "paper" && !reply.ok ? reply.values?.person : ""}
              />
            </div>
            {d.areas.length ? (
              <div>
                <label htmlFor="paper-area">{t("round.area")}</label>
                <select id="paper-area" name="area">
                  {d.areas.map((a) => (
                    <option key={a.key} value={a.key}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div>
              <label htmlFor="paper-codes">{t(d.kind === "cumulative" ? "staff.codesPoints" : "staff.codes")}</label>
              <input
                id="paper-codes"
                name="codes"
                autoComplete="off"
                defaultValue={reply?.intent === "paper" && !reply.ok ? reply.values?.codes : ""}
              />
            </div>
            <button type="submit">{t("staff.enterPaper")}</button>
            {feedback("paper")}
          </Form>
          <h3>{t("staff.pending")}</h3>
          {d.paper.length ? (
            <ul className="card-list">
              {d.paper.map((p) => (
                <li key={p.id}>
                  <p>
                    {p.who}
                    {p.area ? ` (${p.area})` : ""}:{" "}
                    {p.projects.map((c, i) => (p.points ? `${c}:${p.points[i]}` : c)).join(" ")}
                  </p>
                  {p.mine ? (
                    <p className="muted">{t("staff.needsOther")}</p>
                  ) : (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="paperId" value={p.id} />
                      <label htmlFor={`rej-${p.id}`}>{t("staff.rejectReason")}</label>
                      <input id={`rej-${p.id}`} name="reason" />
                      <button type="submit" name="intent" value="confirm">
                        {t("staff.confirm")}
                      </button>
                      <button type="submit" name="intent" value="reject" className="secondary">
                        {t("staff.reject")}
                      </button>
                    </Form>
                  )}
                  {feedback("confirm", p.id)}
                  {feedback("reject", p.id)}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("staff.nonePending")}</p>
          )}
        </section>
      ) : null}
      {d.phase === "implementation" ? (
        <section aria-labelledby="impl-h">
          <h2 id="impl-h">{t("impl.title")}</h2>
          <p>
            <a href={`/${d.tenant}/budgeting/${d.key}/implementation`}>{t("nav.implementation")}</a>
          </p>
          <ul className="card-list">
            {d.funded.map((p) => {
              const v = reply?.intent === "update" && reply.target === p.id && !reply.ok ? (reply.values ?? {}) : {};
              return (
                <li key={p.id}>
                  <h3>
                    {p.title} ({p.code}) – {p.status ? t(`impl.status.${p.status}`) : t("impl.notStarted")},{" "}
                    {p.progress} %
                  </h3>
                  <Form method="post" encType="multipart/form-data" className="stack-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="update" />
                    <input type="hidden" name="proposalId" value={p.id} />
                    <div>
                      <label htmlFor={`ib-${p.code}`}>{t("impl.body")}</label>
                      <textarea id={`ib-${p.code}`} name="body" rows={3} maxLength={5000} defaultValue={v.body ?? ""} />
                    </div>
                    <div>
                      <label htmlFor={`is-${p.code}`}>{t("impl.statusLabel")}</label>
                      <select id={`is-${p.code}`} name="status" defaultValue={v.status ?? p.status ?? "in-progress"}>
                        {PB_IMPL_STATUSES.map((st) => (
                          <option key={st} value={st}>
                            {t(`impl.status.${st}`)}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div>
                      <label htmlFor={`ip-${p.code}`}>{t("impl.progressInput")}</label>
                      <input
                        id={`ip-${p.code}`}
                        name="progress"
                        type="number"
                        min={0}
                        max={100}
                        step={1}
                        defaultValue={v.progress ?? String(p.progress)}
                      />
                    </div>
                    <div>
                      <label htmlFor={`if-${p.code}`}>{t("impl.finalCostInput")}</label>
                      <input
                        id={`if-${p.code}`}
                        name="finalCost"
                        inputMode="numeric"
                        defaultValue={v.finalCost ?? (p.finalCost ? String(Number(p.finalCost) / 10 ** d.scale) : "")}
                      />
                    </div>
                    <div>
                      <label htmlFor={`iph-${p.code}`}>{t("impl.photo")}</label>
                      <input id={`iph-${p.code}`} name="photo" type="file" accept="image/png,image/jpeg" />
                    </div>
                    <div>
                      <label htmlFor={`ia-${p.code}`}>{t("impl.photoAlt")}</label>
                      <input id={`ia-${p.code}`} name="photoAlt" maxLength={300} defaultValue={v.photoAlt ?? ""} />
                    </div>
                    <button type="submit">{t("impl.post", { code: p.code })}</button>
                    {reply?.intent === "update" && reply.target === p.id && reply.ok ? (
                      <p role="status" className="notice">
                        {t("impl.posted", { n: reply.told ?? 0 })}
                      </p>
                    ) : (
                      feedback("update", p.id)
                    )}
                  </Form>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {["result", "implementation", "closed"].includes(d.phase) ? (
        <section aria-labelledby="result-h">
          <h2 id="result-h">{t("result.title")}</h2>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="compute" />
            <button type="submit">{t("staff.compute")}</button>
          </Form>
          {feedback("compute")}
          {d.comparison.map((c, i) =>
            c.outcomes.length ? (
              <table key={i} className="compare-table">
                <caption>
                  {t("compare.title")}
                  {c.area ? ` – ${c.area}` : ""} ({t("result.ballots", { n: c.ballots })})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("result.project")}</th>
                    {c.outcomes.map((o) => (
                      <th scope="col" key={o.key}>
                        {t(`compare.rule.${o.key}`)}
                        {o.key === d.rule ? ` (${t("compare.current")})` : ""}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {c.projects.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        {p.title} ({p.id}), {money(p.cost, d.scale)}
                      </th>
                      {c.outcomes.map((o) => (
                        <td key={o.key}>{o.selected.includes(p.id) ? t("compare.funded") : t("compare.notFunded")}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t("compare.cost")}</th>
                    {c.outcomes.map((o) => (
                      <td key={o.key}>{money(o.cost, d.scale)}</td>
                    ))}
                  </tr>
                  <tr>
                    <th scope="row">{t("compare.share")}</th>
                    {c.outcomes.map((o) => (
                      <td key={o.key}>{o.share} %</td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            ) : null,
          )}
          <p>
            <a href={`/${d.tenant}/budgeting/${d.key}/result`}>{t("nav.result")}</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
