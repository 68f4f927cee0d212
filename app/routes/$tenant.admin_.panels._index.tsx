import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { formString } from "#app/modules/identity/http.server.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { parseCaseNumber } from "#app/modules/cases/case-number.ts";
import { caseIdByNumber, createPanel } from "#app/modules/panels/commands.server.ts";
import { tenantPage } from "#app/modules/panels/page.server.ts";
import { listPanels } from "#app/modules/panels/queries.server.ts";
import { fieldErrors } from "#app/lib/field-errors.tsx";

export const handle = { i18n: ["panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: the municipality's citizen panels, and a form to create one.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = tenantPage(request, params, deps);
  await requireStaff(request, deps, m.id, "manage:panel:tenant");
  const list = await listPanels(deps.db.db, m.id);
  return {
    title: `${t("staff.listTitle")} – ${m.officialName}`,
    tenant: m.slug,
    panels: list.map((p) => ({
      key: p.key,
      title: pickText(p.title, locale)?.value ?? p.key,
      size: p.size,
      status: p.status,
    })),
  };
}

type Reply = { code: string; field?: string; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, locale } = tenantPage(request, params, deps);
  const me = await requireStaff(request, deps, m.id, "manage:panel:tenant");
  const form = await request.formData();
  const values = {
    key: formString(form, "key", 100).trim(),
    title: formString(form, "title", 300).trim(),
    purpose: formString(form, "purpose", 4000).trim(),
    size: formString(form, "size", 10).trim(),
    method: formString(form, "method", 20),
    caseNumber: formString(form, "caseNumber", 30).trim(),
  };
  if (!/^\d{1,5}$/.test(values.size)) return { code: "errors.sizeInvalid", field: "size", values } satisfies Reply;
  let caseId: string | null = null;
  if (values.caseNumber) {
    const n = parseCaseNumber(values.caseNumber);
    caseId = n ? await caseIdByNumber(deps.db.db, m.id, n) : null;
    if (!caseId) return { code: "errors.caseUnknown", field: "caseNumber", values } satisfies Reply;
  }
  const r = await createPanel(deps, me, {
    tenantId: m.id,
    key: values.key,
    title: { [locale]: values.title },
    purpose: values.purpose ? { [locale]: values.purpose } : {},
    size: Number(values.size),
    method: values.method === "legacy" ? "legacy" : "leximin",
    caseId,
  });
  if (!r.ok) return { code: r.error.code, field: r.error.field, values } satisfies Reply;
  return redirect(`/${m.slug}/admin/panels/${values.key}`, 303);
}

export default function StaffPanels() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("panels");
  const v = reply?.values ?? {};
  const { err, aria } = fieldErrors(reply, t);
  return (
    <>
      <h1>{t("staff.listTitle")}</h1>
      {d.panels.length ? (
        <ul className="card-list">
          {d.panels.map((p) => (
            <li key={p.key}>
              <a href={`/${d.tenant}/admin/panels/${p.key}`}>{p.title}</a> – {t(`status.${p.status}`)} ·{" "}
              {t("panel.size", { k: p.size })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("staff.none")}</p>
      )}
      <section aria-labelledby="new-h">
        <h2 id="new-h">{t("staff.create")}</h2>
        {reply && !reply.field ? (
          <p className="field-error" role="alert">
            {t(reply.code)}
          </p>
        ) : null}
        <Form method="post" className="stack-form">
          <CsrfInput />
          <div>
            <label htmlFor="title">{t("staff.panelTitle")}</label>
            <input id="title" name="title" required defaultValue={v.title} {...aria("title")} />
            {err("title")}
          </div>
          <div>
            <label htmlFor="key">{t("staff.key")}</label>
            <input
              id="key"
              name="key"
              required
              pattern="[a-z0-9][a-z0-9\-]*"
              aria-describedby="key-help"
              defaultValue={v.key}
              {...aria("key")}
            />
            <p id="key-help" className="hint">
              {t("staff.keyHelp")}
            </p>
            {err("key")}
          </div>
          <div>
            <label htmlFor="purpose">{t("staff.purpose")}</label>
            <textarea id="purpose" name="purpose" rows={3} defaultValue={v.purpose} />
          </div>
          <div>
            <label htmlFor="size">{t("staff.size")}</label>
            <input id="size" name="size" inputMode="numeric" required defaultValue={v.size} {...aria("size")} />
            {err("size")}
          </div>
          <div>
            <label htmlFor="caseNumber">{t("staff.caseNumber")}</label>
            <input id="caseNumber" name="caseNumber" defaultValue={v.caseNumber} {...aria("caseNumber")} />
            {err("caseNumber")}
          </div>
          <div>
            <label htmlFor="method">{t("staff.method")}</label>
            <select id="method" name="method" defaultValue={v.method ?? "leximin"}>
              <option value="leximin">{t("method.leximin")}</option>
              <option value="legacy">{t("method.legacy")}</option>
            </select>
          </div>
          <button type="submit">{t("staff.createButton")}</button>
        </Form>
      </section>
    </>
  );
}
