import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { listBodies } from "#app/modules/bodies/queries.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { formFailure, formString, type FormFailure } from "#app/modules/identity/http.server.ts";
import { oidcConfigured } from "#app/lib/env.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { STAFF_ROLES } from "#app/modules/identity/roles.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import {
  authSettings,
  endStaffSessions,
  inviteStaff,
  listStaff,
  removeMembership,
  setOidcEnabled,
} from "#app/modules/identity/staff.server.ts";
import { restoredForm } from "#app/modules/identity/stash.server.ts";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";
import { FieldError, fieldProps, FormError } from "#app/modules/identity/ui.tsx";

// Staff and roles of one municipality: list, invite, remove a role, end a
// person's sessions, sign-in settings. Admins only (manage:staff:tenant).
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const m = municipalityFromUrl(request, params.tenant, deps);
  const actor = await requireStaff(request, deps, m.id, "read:staff:tenant");
  const locale = requestLocale(request, deps, m.slug);
  const t = tFor(locale);
  const [{ members, pending }, bodyRows, settings, restored] = await Promise.all([
    listStaff(deps, m.id),
    listBodies(deps.db.db, m.id),
    authSettings(deps, m.id),
    restoredForm(request, deps),
  ]);
  const bodyName = new Map(bodyRows.map((b) => [b.id, pickText(b.name, locale)?.value ?? b.key]));
  return {
    title: `${t("staff.title", { ns: "identity" })} – ${m.officialName}`,
    municipality: { slug: m.slug, name: m.officialName },
    canManage: can(actor, "manage:staff:tenant", { tenantId: m.id }),
    canEnd: can(actor, "end:session:tenant", { tenantId: m.id }),
    canAuth: can(actor, "manage:auth:tenant", { tenantId: m.id }),
    canAudit: can(actor, "read:audit:tenant", { tenantId: m.id }),
    me: actor.id,
    members: members.map((r) => ({
      id: r.id,
      personId: r.personId,
      who: r.displayName ?? r.email ?? r.phone ?? "",
      role: r.role,
      bodies: r.bodyIds.map((id) => bodyName.get(id) ?? id),
    })),
    pending: pending.map((p) => ({
      id: p.id,
      email: p.email,
      role: p.role,
      expires: formatDateTime(p.expiresAt, locale),
    })),
    bodies: bodyRows.map((b) => ({ id: b.id, name: bodyName.get(b.id)! })),
    oidc: oidcConfigured(deps.env) ? settings.oidcEnabled : null,
    restored,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const m = municipalityFromUrl(request, params.tenant, deps);
  const actor = await requireStaff(request, deps, m.id, "read:staff:tenant");
  const form = await request.formData();
  const intent = formString(form, "intent");
  const locale = requestLocale(request, deps, m.slug);
  const t = tFor(locale);
  if (intent === "invite") {
    const values = { email: formString(form, "email", 300), role: formString(form, "role", 20) };
    const bodyIds = form.getAll("bodyIds").filter((v): v is string => typeof v === "string");
    const origin = deps.env.PUBLIC_URL ?? new URL(request.url).origin;
    const url = new URL(`/signin?returnTo=${encodeURIComponent(`/${m.slug}/admin/staff`)}`, origin).href;
    const r = await inviteStaff(deps, actor, m.id, {
      email: values.email,
      role: values.role,
      bodyIds,
      signInUrl: url,
      municipalityName: m.officialName,
      roleName: values.role,
      message: ({ url }) => ({
        subject: t("staff.invitationSubject", { ns: "identity", municipality: m.officialName }),
        text: t("staff.invitationMessage", {
          ns: "identity",
          municipality: m.officialName,
          role: t(`roles.${values.role}`, { ns: "identity" }),
          url,
        }),
      }),
    });
    if (!r.ok) {
      if (r.error.status === 403) throw new Response("Forbidden", { status: 403 });
      return { failure: formFailure(r.error, values) };
    }
    return { done: t("staff.invited", { ns: "identity", email: r.value.email }) };
  }
  if (intent === "remove") {
    const r = await removeMembership(deps, actor, m.id, formString(form, "membershipId", 100));
    if (!r.ok) {
      if (r.error.status === 403) throw new Response("Forbidden", { status: 403 });
      return { failure: formFailure(r.error, {}) };
    }
    return { done: t("staff.removed", { ns: "identity" }) };
  }
  if (intent === "endSessions") {
    const r = await endStaffSessions(deps, actor, m.id, formString(form, "personId", 100));
    if (!r.ok) {
      if (r.error.status === 403) throw new Response("Forbidden", { status: 403 });
      return { failure: formFailure(r.error, {}) };
    }
    if (r.value.ended >= 0 && formString(form, "personId") === actor.id) throw redirect("/signin", 303);
    return { done: t("staff.sessionsEnded", { ns: "identity", count: r.value.ended }) };
  }
  if (intent === "auth") {
    const r = await setOidcEnabled(deps, actor, m.id, form.get("oidcEnabled") === "on");
    if (!r.ok) throw new Response("Forbidden", { status: 403 });
    return { done: t("staff.saved", { ns: "identity" }) };
  }
  throw new Response("Bad request", { status: 400 });
}

export default function StaffAdmin() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { failure?: FormFailure; done?: string } | undefined;
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
