import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { and, eq } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";
import { pickText } from "#app/lib/localized.ts";
import {
  AGE_BANDS,
  balance,
  consequences,
  parseAmount,
  validateAllocation,
  type Allocation,
  type PrioritiesSpec,
} from "#app/modules/budgeting/priorities.ts";
import { myPriorities, prioritiesResults, specOf, submitPriorities } from "#app/modules/budgeting/priorities.server.ts";
import { moneyIn, useMoney } from "#app/modules/budgeting/ui.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { getActor, requireUser, signInUrl } from "#app/modules/identity/session.server.ts";
import { pbPriorities } from "#db/schema/index.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Budget priorities for the ordinary budget: residents move money between
// sectors within limits and must end balanced (or choose revenue changes).
// Works without JavaScript ("Update the total" posts and the server shows the
// balance and the consequences); with JavaScript the total updates as they
// type. The same check (priorities.ts) runs here and in submitPriorities.
// When the consultation is closed the page shows the weighted results.
async function load(request: Request, params: { tenant?: string; key?: string }, deps: Deps) {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const [row] = await deps.db.db
    .select()
    .from(pbPriorities)
    .where(and(eq(pbPriorities.tenantId, m.id), eq(pbPriorities.key, params.key ?? "")));
  if (!row || row.status === "draft") throw new Response("Not found", { status: 404 });
  return { m, locale, row, spec: specOf(row, locale) };
}

/** The allocation typed into the form; `bad` names sectors whose amount is not a whole number. */
function allocationFromForm(
  spec: PrioritiesSpec,
  form: FormData,
): { allocation: Allocation; typed: Record<string, string>; bad: string[] } {
  const typed: Record<string, string> = {};
  const amounts: Record<string, bigint> = {};
  const bad: string[] = [];
  for (const s of spec.sectors) {
    const raw = String(form.get(`amount.${s.key}`) ?? "").slice(0, 30);
    typed[s.key] = raw;
    const v = parseAmount(raw);
    if (v === null) bad.push(s.key);
    else amounts[s.key] = v;
  }
  const revenue = form.getAll("revenue").filter((v): v is string => typeof v === "string");
  return { allocation: { amounts, revenue }, typed, bad };
}

type Err = Record<string, string>;
const plain = (errors: readonly object[], spec: PrioritiesSpec, money: ReturnType<typeof moneyIn>): Err[] =>
  errors.map((e) =>
    Object.fromEntries(
      Object.entries(e).map(([k, v]) => [
        k,
        k === "sector"
          ? (spec.sectors.find((s) => s.key === v)?.name ?? String(v))
          : typeof v === "bigint"
            ? money(v < 0n ? -v : v)
            : String(v),
      ]),
    ),
  );

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, row, spec } = await load(request, params, deps);
  const me = await getActor(request, deps);
  const mine = me && row.status === "open" ? await myPriorities(deps.db.db, row.id, me.id) : null;
  const results = row.status === "closed" ? await prioritiesResults(deps.db.db, row) : null;
  const t = i18nFor(locale).getFixedT(locale, "budgeting");
  const title = pickText(row.title, locale)?.value ?? row.key;
  return {
    title: `${t("prio.title")} – ${title} – ${m.officialName}`,
    roundTitle: title,
    description: pickText(row.description, locale)?.value ?? "",
    status: row.status,
    signedIn: !!me,
    signIn: signInUrl(request),
    areas: row.areas,
    sectors: spec.sectors.map((s) => ({
      key: s.key,
      name: s.name,
      amount: s.amount.toString(),
      min: s.min.toString(),
      max: s.max.toString(),
      less: s.less ?? null,
      more: s.more ?? null,
    })),
    revenue: spec.revenue.map((r) => ({
      key: r.key,
      name: r.name,
      delta: r.delta.toString(),
      consequence: r.consequence ?? null,
    })),
    mine: mine
      ? { amounts: mine.amounts, revenue: mine.revenue, area: mine.area ?? "", ageBand: mine.ageBand ?? "" }
      : null,
    results,
  };
}

type Reply = {
  intent: "check" | "submit";
  typed: Record<string, string>;
  revenue: string[];
  area: string;
  ageBand: string;
  errors: Err[];
  code?: string;
  done?: "thanks" | "replaced";
  consequences?: { key: string; change: string; direction: string; text: string | null }[];
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, locale, row, spec } = await load(request, params, deps);
  const form = await request.formData();
  const intent = form.get("intent") === "submit" ? "submit" : "check";
  const { allocation, typed, bad } = allocationFromForm(spec, form);
  const area = String(form.get("area") ?? "").slice(0, 100);
  const ageBand = String(form.get("ageBand") ?? "").slice(0, 20);
  const base: Pick<Reply, "intent" | "typed" | "revenue" | "area" | "ageBand"> = {
    intent,
    typed,
    revenue: [...allocation.revenue],
    area,
    ageBand,
  };
  const amountErrors = bad.map((k) => ({
    code: "amount-invalid",
    sector: spec.sectors.find((s) => s.key === k)?.name ?? k,
  }));
  const cons = consequences(spec, allocation).map((c) => ({ ...c, change: c.change.toString() }));
  if (intent === "check" || amountErrors.length) {
    const check = amountErrors.length ? null : validateAllocation(spec, allocation);
    return {
      ...base,
      errors: amountErrors.length ? amountErrors : check && !check.ok ? plain(check.errors, spec, moneyIn(locale)) : [],
      consequences: cons,
    } satisfies Reply;
  }
  const me = await requireUser(request, deps);
  const r = await submitPriorities(deps, me, {
    tenantId: m.id,
    id: row.id,
    allocation,
    area: area || null,
    ageBand: ageBand || null,
  });
  if (!r.ok) {
    const allocationErrors = (r.error as { allocationErrors?: object[] }).allocationErrors;
    return {
      ...base,
      errors: allocationErrors ? plain(allocationErrors, spec, moneyIn(locale)) : [],
      code: r.error.code,
      consequences: cons,
    } satisfies Reply;
  }
  return { ...base, errors: [], done: r.value.replaced ? "replaced" : "thanks", consequences: cons } satisfies Reply;
}

export default function Priorities() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const initial: Record<string, string> =
    reply?.typed ?? Object.fromEntries(d.sectors.map((s) => [s.key, d.mine?.amounts[s.key] ?? s.amount]));
  const [typed, setTyped] = useState<Record<string, string>>(initial);
  const [revenue, setRevenue] = useState<string[]>(reply?.revenue ?? d.mine?.revenue ?? []);
  const spec: PrioritiesSpec = {
    sectors: d.sectors.map((s) => ({
      key: s.key,
      name: s.name,
      amount: BigInt(s.amount),
      min: BigInt(s.min),
      max: BigInt(s.max),
    })),
    revenue: d.revenue.map((r) => ({ key: r.key, name: r.name, delta: BigInt(r.delta) })),
  };
  const amounts = Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, parseAmount(v) ?? 0n]));
  const b = balance(spec, { amounts, revenue });
  const consByKey = new Map((reply?.consequences ?? []).map((c) => [c.key, c]));
  return (
    <>
      <h1>
        {t("prio.title")}: {d.roundTitle}
      </h1>
      {d.description ? <p>{d.description}</p> : null}
      {d.status === "open" ? (
        <>
          <p>{t("prio.intro")}</p>
          {reply?.done ? (
            <p role="status" className="notice">
              {t(`prio.${reply.done}`)}
            </p>
          ) : null}
          {reply?.code || reply?.errors.length ? (
            <div className="field-error" role="alert" id="prio-errors">
              {reply.code ? <p>{t(reply.code)}</p> : null}
              <ul>
                {reply.errors.map((e, i) => (
                  <li key={i}>{t(`allocationError.${e.code}`, e)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post" className="stack-form" noValidate>
            <CsrfInput />
            {d.sectors.map((s) => {
              const c = consByKey.get(s.key);
              return (
                <div key={s.key}>
                  <label htmlFor={`amount-${s.key}`}>{t("prio.amountLabel", { sector: s.name })}</label>
                  <p className="muted" id={`hint-${s.key}`}>
                    {t("prio.thisYear", { amount: money(s.amount) })} ·{" "}
                    {t("prio.limits", { min: money(s.min), max: money(s.max) })}
                  </p>
                  <input
                    id={`amount-${s.key}`}
                    name={`amount.${s.key}`}
                    inputMode="numeric"
                    value={typed[s.key] ?? ""}
                    onChange={(e) => setTyped({ ...typed, [s.key]: e.target.value })}
                    aria-describedby={`hint-${s.key}${c ? ` cons-${s.key}` : ""}`}
                  />
                  {c ? (
                    <p id={`cons-${s.key}`}>
                      {c.direction === "same"
                        ? t("prio.same")
                        : t(c.direction === "more" ? "prio.moreBy" : "prio.lessBy", {
                            amount: money(c.change.replace("-", "")),
                          })}{" "}
                      {c.text ?? ""}
                    </p>
                  ) : null}
                </div>
              );
            })}
            {d.revenue.length ? (
              <fieldset>
                <legend>{t("prio.revenue")}</legend>
                {d.revenue.map((r) => (
                  <div key={r.key}>
                    <input
                      type="checkbox"
                      id={`rev-${r.key}`}
                      name="revenue"
                      value={r.key}
                      checked={revenue.includes(r.key)}
                      onChange={(e) =>
                        setRevenue(e.target.checked ? [...revenue, r.key] : revenue.filter((x) => x !== r.key))
                      }
                    />{" "}
                    <label htmlFor={`rev-${r.key}`}>
                      {r.name} (
                      {t(BigInt(r.delta) >= 0n ? "prio.revenueDelta" : "prio.revenueDeltaMinus", {
                        delta: money(r.delta.replace("-", "")),
                      })}
                      )
                    </label>
                    {r.consequence ? <p className="muted">{r.consequence}</p> : null}
                  </div>
                ))}
              </fieldset>
            ) : null}
            <fieldset>
              <legend>{t("prio.about")}</legend>
              {d.areas.length ? (
                <div>
                  <label htmlFor="prio-area">{t("prio.area")}</label>
                  <select id="prio-area" name="area" defaultValue={reply?.area ?? d.mine?.area ?? ""}>
                    <option value="">{t("prio.noAnswer")}</option>
                    {d.areas.map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              <div>
                <label htmlFor="prio-age">{t("prio.ageBand")}</label>
                <select id="prio-age" name="ageBand" defaultValue={reply?.ageBand ?? d.mine?.ageBand ?? ""}>
                  <option value="">{t("prio.noAnswer")}</option>
                  {AGE_BANDS.map((a) => (
                    <option key={a} value={a}>
                      {t(`prio.ages.${a}`)}
                    </option>
                  ))}
                </select>
              </div>
            </fieldset>
            <div id="priorities-total" role="status" aria-live="polite">
              <p>
                {t("prio.spent", { spent: money(b.spent), available: money(b.available) })}{" "}
                <strong>
                  {b.difference === 0n
                    ? t("prio.balanced")
                    : b.difference < 0n
                      ? t("prio.left", { amount: money(-b.difference) })
                      : t("prio.over", { amount: money(b.difference) })}
                </strong>
              </p>
            </div>
            <button type="submit" name="intent" value="check" className="secondary">
              {t("prio.check")}
            </button>
            {d.signedIn ? (
              <button type="submit" name="intent" value="submit">
                {t("prio.submit")}
              </button>
            ) : (
              <p>
                <a href={d.signIn}>{t("prio.signIn")}</a>
              </p>
            )}
          </Form>
        </>
      ) : null}
      {d.status === "closed" ? <p>{t("prio.closed")}</p> : null}
      {d.results ? <Results d={d} /> : null}
    </>
  );
}

function Results({ d }: { d: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const r = d.results!;
  const name = (k: string) => d.sectors.find((s) => s.key === k)?.name ?? k;
  const pct = (x: number) => Math.round(100 * x);
  const groups = (g: string) => [...new Set(r.sectors.flatMap((s) => Object.keys(s.byGroup[g] ?? {})))];
  return (
    <section aria-labelledby="prio-results-h">
      <h2 id="prio-results-h">{t("prio.results")}</h2>
      <p>
        {t("prio.respondents", { n: r.respondents })}{" "}
        {r.weighted ? t("prio.weightedNote", { ess: Math.round(r.effectiveSize) }) : null}
      </p>
      <table>
        <caption className="visually-hidden">{t("prio.results")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("prio.sector")}</th>
            <th scope="col">{t("prio.thisYear", { amount: "" }).replace(/[:\s]+$/, "")}</th>
            <th scope="col">{t("prio.median")}</th>
            <th scope="col">{t("prio.range")}</th>
            <th scope="col">{t("prio.more")}</th>
            <th scope="col">{t("prio.less")}</th>
          </tr>
        </thead>
        <tbody>
          {r.sectors.map((s) => (
            <tr key={s.key}>
              <th scope="row">{name(s.key)}</th>
              <td>{money(s.base)}</td>
              <td>{money(s.median)}</td>
              <td>
                {money(s.q1)} – {money(s.q3)}
              </td>
              <td>{pct(s.more)} %</td>
              <td>{pct(s.less)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(["area", "ageBand"] as const).map((g) =>
        groups(g).length ? (
          <table key={g}>
            <caption>{t(g === "area" ? "prio.byArea" : "prio.byAge")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("prio.sector")}</th>
                {groups(g).map((f) => (
                  <th scope="col" key={f}>
                    {g === "ageBand" ? t(`prio.ages.${f}`) : f}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.sectors.map((s) => (
                <tr key={s.key}>
                  <th scope="row">{name(s.key)}</th>
                  {groups(g).map((f) => (
                    <td key={f}>{s.byGroup[g]?.[f] ? money(s.byGroup[g]![f]!.median) : "–"}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null,
      )}
      {r.revenue.length ? (
        <ul>
          {r.revenue.map((x) => (
            <li key={x.key}>
              {t("prio.revenueShare", {
                name: d.revenue.find((v) => v.key === x.key)?.name ?? x.key,
                pct: pct(x.share),
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
