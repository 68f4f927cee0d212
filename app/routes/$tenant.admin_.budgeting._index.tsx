import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { createRound } from "#app/modules/budgeting/commands.server.ts";
import { listRounds } from "#app/modules/budgeting/queries.server.ts";
import { areasFromText, categoriesFromText, osloEndOfDay, rulesFromForm } from "#app/modules/budgeting/staff-form.ts";
import { RulesFields } from "#app/modules/budgeting/ui.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { staffBudgetingPage } from "#app/modules/budgeting/page.server.ts";
import { fieldErrors } from "#app/lib/field-errors.tsx";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: the municipality's PB rounds and a form to create one (budget, areas
// with their own budgets, ballot and tally rules, eligibility, categories).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = await staffBudgetingPage(request, params, deps);
  const t = i18nFor(locale).getFixedT(locale, "budgeting");
  const rounds = await listRounds(deps.db.db, m.id);
  return {
    title: `${t("admin.title")} – ${m.officialName}`,
    tenant: m.slug,
    rounds: rounds.map((r) => ({ key: r.key, title: pickText(r.title, locale)?.value ?? r.key, phase: r.phase })),
  };
}

type Reply = { code: string; field?: string; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, me } = await staffBudgetingPage(request, params, deps);
  const form = await request.formData();
  const get = (k: string) => String(form.get(k) ?? "").slice(0, 4000);
  const values = Object.fromEntries(
    [
      "key",
      "title",
      "budget",
      "kind",
      "limit",
      "minimum",
      "rule",
      "completion",
      "minAge",
      "level",
      "categories",
      "areas",
      "votingEnds",
    ].map((k) => [k, get(k)]),
  );
  const rules = rulesFromForm(get);
  if (!rules) return { code: "errors.rulesInvalid", field: "rules", values } satisfies Reply;
  const areas = areasFromText(values.areas!);
  if (!areas) return { code: "errors.areasInvalid", field: "areas", values } satisfies Reply;
  const budgetRaw = values.budget!.replace(/[\s\u00a0.]/g, "");
  if (!areas.length && !/^\d{1,15}$/.test(budgetRaw))
    return { code: "errors.budgetInvalid", field: "budget", values } satisfies Reply;
  const votingEnds = values.votingEnds ? osloEndOfDay(values.votingEnds) : null;
  if (values.votingEnds && !votingEnds)
    return { code: "errors.dateInvalid", field: "votingEnds", values } satisfies Reply;
  const minAge = /^\d{1,2}$/.test(values.minAge!) ? Number(values.minAge) : undefined;
  const level = (["none", "email", "phone", "eid", "resident"] as const).find((l) => l === values.level) ?? "none";
  const r = await createRound(deps, me, {
    tenantId: m.id,
    key: values.key!.trim(),
    title: { nb: values.title!.trim() },
    budget: areas.length ? 1n : BigInt(budgetRaw || "0"),
    rules,
    eligibility: { ...(minAge ? { minAge } : {}), level },
    categories: categoriesFromText(values.categories!),
    areas: areas.map((a) => ({ key: a.key, name: { nb: a.name }, budget: a.budget })),
    phaseDates: votingEnds ? { voting: { endsAt: votingEnds } } : {},
  });
  if (!r.ok) return { code: r.error.code, field: r.error.field, values } satisfies Reply;
  return redirect(`/${m.slug}/admin/budgeting/${values.key!.trim()}`, 303);
}

export default function AdminBudgeting() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("budgeting");
  const v = reply?.values ?? {};
  const { err, aria } = fieldErrors(reply, t);
  return (
    <>
      <h1>{t("admin.title")}</h1>
      {d.rounds.length ? (
        <ul>
          {d.rounds.map((r) => (
            <li key={r.key}>
              <a href={`/${d.tenant}/admin/budgeting/${r.key}`}>{r.title}</a> – {t(`phase.${r.phase}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("admin.none")}</p>
      )}
      <h2 id="new-h">{t("admin.new")}</h2>
      {reply && !reply.field ? (
        <p className="field-error" role="alert">
          {t(reply.code)}
        </p>
      ) : null}
      <Form method="post" className="stack-form" aria-labelledby="new-h" noValidate>
        <CsrfInput />
        <div>
          <label htmlFor="key">{t("admin.key")}</label>
          <input id="key" name="key" defaultValue={v.key} {...aria("key")} />
          {err("key")}
        </div>
        <div>
          <label htmlFor="title">{t("propose.titleLabel")}</label>
          <input id="title" name="title" defaultValue={v.title} {...aria("title")} />
          {err("title")}
        </div>
        <div>
          <label htmlFor="budget">{t("admin.budget")}</label>
          <input id="budget" name="budget" inputMode="numeric" defaultValue={v.budget} {...aria("budget")} />
          {err("budget")}
        </div>
        <div>
          <label htmlFor="areas">{t("admin.areas")}</label>
          <textarea
            id="areas"
            name="areas"
            rows={3}
            defaultValue={v.areas}
            aria-invalid={reply?.field === "areas" || undefined}
            aria-describedby={reply?.field === "areas" ? "areas-help areas-error" : "areas-help"}
          />
          <p id="areas-help" className="muted">
            {t("admin.areasHelp")}
          </p>
          {err("areas")}
        </div>
        <fieldset>
          <legend>{t("admin.rulesLegend")}</legend>
          <RulesFields prefix="new" values={v} />
          {err("rules")}
        </fieldset>
        <div>
          <label htmlFor="minAge">{t("admin.minAge")}</label>
          <input id="minAge" name="minAge" inputMode="numeric" defaultValue={v.minAge} />
        </div>
        <div>
          <label htmlFor="level">{t("admin.level")}</label>
          <select id="level" name="level" defaultValue={v.level ?? "phone"}>
            {["none", "email", "phone", "eid", "resident"].map((l) => (
              <option key={l} value={l}>
                {t(`admin.levels.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="votingEnds">{t("admin.votingEnds")}</label>
          <input id="votingEnds" name="votingEnds" type="date" defaultValue={v.votingEnds} {...aria("votingEnds")} />
          {err("votingEnds")}
        </div>
        <div>
          <label htmlFor="categories">{t("admin.categories")}</label>
          <input id="categories" name="categories" defaultValue={v.categories} />
        </div>
        <button type="submit">{t("admin.create")}</button>
      </Form>
    </>
  );
}
