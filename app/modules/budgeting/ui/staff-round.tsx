import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { PB_IMPL_STATUSES } from "#db/schema/budgeting.ts";
import { PHASE_ORDER, type Phase } from "../round.ts";
import type { StaffRoundReply, StaffRoundView } from "../staff-round.server.ts";
import { BallotErrors, useMoney, RulesFields } from "../ui.tsx";

// A round's staff page: phase, rules, review, paper ballots, result, implementation.
export function StaffRoundPage({ d, reply }: { d: StaffRoundView; reply: StaffRoundReply | undefined }) {
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const next = PHASE_ORDER.slice(PHASE_ORDER.indexOf(d.phase as Phase) + 1);
  const feedback = (intent: string, target?: string) =>
    reply && reply.intent === intent && (target === undefined || reply.target === target) ? (
      reply.ok ? (
        <p role="status" className="notice">
          {t("staff.saved")}
        </p>
      ) : (
        <div className="field-error" role="alert">
          <p>{t(reply.code ?? "errors.notFound", reply.params ?? {})}</p>
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
        {d.smsBallot ? (
          <>
            {" · "}
            <a href={d.smsBallot}>{t("staff.smsBallot")}</a>
          </>
        ) : null}
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
                <bdi>{p.title}</bdi> ({p.code}) – {t(`status.${p.status}`)}
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
            <fieldset>
              <legend>{t("staff.noAccount")}</legend>
              <p className="muted">{t("staff.noAccountHelp")}</p>
              {(
                [
                  ["name", "staff.voterName", "name"],
                  ["birthYear", "staff.voterBirthYear", "off"],
                  ["address", "staff.voterAddress", "street-address"],
                ] as const
              ).map(([field, label, auto]) => (
                <div key={field}>
                  <label htmlFor={`paper-${field}`}>{t(label)}</label>
                  <input
                    id={`paper-${field}`}
                    name={field}
                    autoComplete={auto}
                    inputMode={field === "birthYear" ? "numeric" : undefined}
                    defaultValue={reply?.intent === "paper" && !reply.ok ? reply.values?.[field] : ""}
                  />
                </div>
              ))}
            </fieldset>
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
                    <bdi>{p.title}</bdi> ({p.code}) – {p.status ? t(`impl.status.${p.status}`) : t("impl.notStarted")},{" "}
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
                        <bdi>{p.title}</bdi> ({p.id}), {money(p.cost, d.scale)}
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
