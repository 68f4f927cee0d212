import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { createPriorities, setPrioritiesStatus } from "#app/modules/budgeting/priorities.server.ts";
import { listPriorities } from "#app/modules/budgeting/queries.server.ts";
import { categoriesFromText, revenueFromText, sectorsFromText } from "#app/modules/budgeting/staff-form.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { staffBudgetingPage } from "#app/modules/budgeting/page.server.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: budget-priorities consultations on the ordinary budget: create one
// (sectors with this year's amounts and limits, revenue options, areas),
// open it for input and close it (then the public page shows the results).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = await staffBudgetingPage(request, params, deps);
  const t = i18nFor(locale).getFixedT(locale, "budgeting");
  const list = await listPriorities(deps.db.db, m.id);
  return {
    title: `${t("prio.title")} – ${m.officialName}`,
    tenant: m.slug,
    list: list.map((p) => ({
      id: p.id,
      key: p.key,
      title: pickText(p.title, locale)?.value ?? p.key,
      status: p.status,
    })),
  };
}

type Reply = {
  intent: string;
  ok: boolean;
  code?: string;
  field?: string;
  values?: Record<string, string>;
  target?: string;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, me } = await staffBudgetingPage(request, params, deps);
  const form = await request.formData();
  const get = (k: string) => String(form.get(k) ?? "").slice(0, 20000);
  const intent = get("intent");
  if (intent === "open" || intent === "close") {
    const id = get("id").slice(0, 100);
    const r = await setPrioritiesStatus(deps, me, {
      tenantId: m.id,
      id,
      status: intent === "open" ? "open" : "closed",
    });
    return (
      r.ok ? { intent, ok: true, target: id } : { intent, ok: false, code: r.error.code, target: id }
    ) satisfies Reply;
  }
  const values = Object.fromEntries(
    ["key", "title", "year", "case", "sectors", "revenue", "areas"].map((k) => [k, get(k)]),
  );
  const sectors = sectorsFromText(values.sectors!);
  if (!sectors)
    return { intent: "create", ok: false, code: "errors.prioritiesLimits", field: "sectors", values } satisfies Reply;
  const revenue = revenueFromText(values.revenue!);
  if (!revenue)
    return { intent: "create", ok: false, code: "errors.prioritiesSectors", field: "revenue", values } satisfies Reply;
  const year = /^\d{4}$/.test(values.year!.trim()) ? Number(values.year) : new Date().getFullYear() + 1;
  const r = await createPriorities(deps, me, {
    tenantId: m.id,
    key: values.key!.trim(),
    title: { nb: values.title!.trim() },
    year,
    sectors,
    revenue,
    areas: categoriesFromText(values.areas!),
    caseNumber: values.case,
  });
  if (!r.ok) return { intent: "create", ok: false, code: r.error.code, field: r.error.field, values } satisfies Reply;
  return { intent: "create", ok: true } satisfies Reply;
}

export default function AdminPriorities() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("budgeting");
  const v = reply?.intent === "create" && !reply.ok ? (reply.values ?? {}) : {};
  const err = (field: string) =>
    reply?.intent === "create" && reply.field === field ? (
      <p id={`${field}-error`} className="field-error" role="alert">
        {t(reply.code ?? "errors.notFound")}
      </p>
    ) : null;
  const described = (field: string, help?: string) => {
    const ids = [help, reply?.intent === "create" && reply.field === field ? `${field}-error` : undefined]
      .filter(Boolean)
      .join(" ");
    return {
      "aria-describedby": ids || undefined,
      "aria-invalid": (reply?.intent === "create" && reply.field === field) || undefined,
    };
  };
  return (
    <>
      <h1>{t("prio.title")}</h1>
      {d.list.length ? (
        <ul className="card-list">
          {d.list.map((p) => (
            <li key={p.id}>
              <a href={`/${d.tenant}/budget-priorities/${p.key}`}>{p.title}</a> – {t(`prio.status.${p.status}`)}
              {p.status !== "closed" ? (
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="id" value={p.id} />
                  <button type="submit" name="intent" value={p.status === "draft" ? "open" : "close"}>
                    {t(p.status === "draft" ? "prio.openButton" : "prio.closeButton")}
                    <span className="visually-hidden"> – {p.title}</span>
                  </button>
                </Form>
              ) : null}
              {reply && reply.target === p.id ? (
                <p role={reply.ok ? "status" : "alert"} className={reply.ok ? "notice" : "field-error"}>
                  {reply.ok ? t("staff.saved") : t(reply.code ?? "errors.notFound")}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <h2 id="prio-new-h">{t("prio.new")}</h2>
      {reply?.intent === "create" && reply.ok ? (
        <p role="status" className="notice">
          {t("staff.saved")}
        </p>
      ) : null}
      {reply?.intent === "create" && !reply.ok && !reply.field ? (
        <p className="field-error" role="alert">
          {t(reply.code ?? "errors.notFound")}
        </p>
      ) : null}
      <Form method="post" className="stack-form" aria-labelledby="prio-new-h" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <div>
          <label htmlFor="p-key">{t("admin.key")}</label>
          <input id="p-key" name="key" defaultValue={v.key} {...described("key")} />
          {err("key")}
        </div>
        <div>
          <label htmlFor="p-title">{t("propose.titleLabel")}</label>
          <input id="p-title" name="title" defaultValue={v.title} {...described("title")} />
          {err("title")}
        </div>
        <div>
          <label htmlFor="p-year">{t("prio.year")}</label>
          <input id="p-year" name="year" inputMode="numeric" defaultValue={v.year} />
        </div>
        <div>
          <label htmlFor="p-case">{t("prio.caseLabel")}</label>
          <input id="p-case" name="case" defaultValue={v.case} {...described("case", "p-case-help")} />
          <p id="p-case-help" className="muted">
            {t("prio.caseHelp")}
          </p>
          {err("case")}
        </div>
        <div>
          <label htmlFor="p-sectors">{t("prio.sectorsLabel")}</label>
          <textarea
            id="p-sectors"
            name="sectors"
            rows={5}
            defaultValue={v.sectors}
            {...described("sectors", "p-sectors-help")}
          />
          <p id="p-sectors-help" className="muted">
            {t("prio.sectorsHelp")}
          </p>
          {err("sectors")}
        </div>
        <div>
          <label htmlFor="p-revenue">{t("prio.revenue")}</label>
          <textarea
            id="p-revenue"
            name="revenue"
            rows={2}
            defaultValue={v.revenue}
            {...described("revenue", "p-revenue-help")}
          />
          <p id="p-revenue-help" className="muted">
            {t("prio.revenueHelp")}
          </p>
          {err("revenue")}
        </div>
        <div>
          <label htmlFor="p-areas">{t("prio.areasLabel")}</label>
          <input id="p-areas" name="areas" defaultValue={v.areas} />
        </div>
        <button type="submit">{t("prio.create")}</button>
      </Form>
    </>
  );
}
