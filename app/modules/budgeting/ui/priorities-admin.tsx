import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { PrioritiesReply, PrioritiesStaffView } from "../priorities-page.server.ts";

// Budget priorities for staff: the list (open, close) and the form that creates one.
export function PrioritiesAdminPage({ d, reply }: { d: PrioritiesStaffView; reply: PrioritiesReply | undefined }) {
  const { t } = useTranslation("budgeting");
  const v = reply?.intent === "create" && !reply.ok ? (reply.values ?? {}) : {};
  const err = (field: string) =>
    reply?.intent === "create" && reply.field === field ? (
      <p id={`${field}-error`} className="field-error" role="alert">
        {t(reply.code ?? "errors.notFound", reply.params ?? {})}
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
