import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "../csrf.tsx";
import type { FormFailure } from "../http.server.ts";
import { STAFF_ROLES } from "../roles.ts";
import type { StaffPageView } from "../staff-page.server.ts";
import { FieldError, fieldProps, FormError } from "../ui.tsx";

// Staff and roles of one municipality. Admins only (manage:staff:tenant).
export function StaffAdminPage({
  data,
  result,
}: {
  data: StaffPageView;
  result: { failure?: FormFailure; done?: string } | undefined;
}) {
  const failure = result?.failure;
  const { t } = useTranslation("identity");
  const values = failure?.values ?? data.restored ?? {};
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <p>{t("staff.intro", { municipality: data.municipality.name })}</p>
      {data.canAudit ? (
        <p>
          <Link to={`/${data.municipality.slug}/admin/audit`}>{t("staff.auditLink")}</Link>
        </p>
      ) : null}
      {result?.done ? (
        <p className="notice" role="status">
          {result.done}
        </p>
      ) : null}
      <FormError failure={failure && failure.error.field ? undefined : failure} />
      <table>
        <caption className="muted">{t("staff.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("staff.person")}</th>
            <th scope="col">{t("staff.role")}</th>
            <th scope="col">{t("staff.bodies")}</th>
            {data.canManage || data.canEnd ? <th scope="col">{t("staff.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {data.members.map((r) => (
            <tr key={r.id}>
              <td>{r.who || t("staff.unknownPerson")}</td>
              <td>{t(`roles.${r.role}`)}</td>
              <td>{r.bodies.length ? r.bodies.join(", ") : t("staff.allBodies")}</td>
              {data.canManage || data.canEnd ? (
                <td>
                  {data.canManage ? (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="membershipId" value={r.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="remove"
                        className="secondary"
                        aria-label={`${t("staff.remove")}: ${r.who} (${t(`roles.${r.role}`)})`}
                      >
                        {t("staff.remove")}
                      </button>
                    </Form>
                  ) : null}{" "}
                  {data.canEnd ? (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="personId" value={r.personId} />
                      <button
                        type="submit"
                        name="intent"
                        value="endSessions"
                        className="secondary"
                        aria-label={`${t("staff.endSessions")}: ${r.who}`}
                      >
                        {t("staff.endSessions")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>

      {data.pending.length ? (
        <section aria-labelledby="pending-h">
          <h2 id="pending-h">{t("staff.pendingTitle")}</h2>
          <ul>
            {data.pending.map((p) => (
              <li key={p.id}>
                {p.email} – {t(`roles.${p.role}`)} ({p.expires})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.canManage ? (
        <section aria-labelledby="invite-h">
          <h2 id="invite-h">{t("staff.inviteTitle")}</h2>
          <Form method="post" className="stack-form" noValidate>
            <CsrfInput />
            <div>
              <label htmlFor="email">{t("staff.inviteEmail")}</label>
              <input
                id="email"
                name="email"
                type="email"
                autoComplete="off"
                defaultValue={values.email ?? ""}
                {...fieldProps(failure, "email")}
              />
              <FieldError failure={failure} field="email" />
            </div>
            <div>
              <label htmlFor="role">{t("staff.inviteRole")}</label>
              <select id="role" name="role" defaultValue={values.role ?? "secretary"} {...fieldProps(failure, "role")}>
                {STAFF_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
              <FieldError failure={failure} field="role" />
            </div>
            {data.bodies.length ? (
              <fieldset>
                <legend>{t("staff.inviteBodies")}</legend>
                {data.bodies.map((b) => (
                  <div key={b.id}>
                    <input type="checkbox" id={`body-${b.id}`} name="bodyIds" value={b.id} />
                    <label htmlFor={`body-${b.id}`} className="inline-label">
                      {b.name}
                    </label>
                  </div>
                ))}
                <FieldError failure={failure} field="bodyIds" />
              </fieldset>
            ) : null}
            <button type="submit" name="intent" value="invite">
              {t("staff.inviteSubmit")}
            </button>
          </Form>
        </section>
      ) : null}

      {data.canAuth && data.oidc !== null ? (
        <section aria-labelledby="auth-h">
          <h2 id="auth-h">{t("staff.settingsTitle")}</h2>
          <Form method="post" className="stack-form">
            <CsrfInput />
            <div>
              <input type="checkbox" id="oidcEnabled" name="oidcEnabled" defaultChecked={data.oidc} />
              <label htmlFor="oidcEnabled" className="inline-label">
                {t("staff.oidcEnabled")}
              </label>
            </div>
            <button type="submit" name="intent" value="auth">
              {t("staff.save")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
