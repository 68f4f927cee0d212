import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { oidcAvailable } from "#app/modules/identity/oidc.server.ts";
import { actorLevel, listSessions, requireUser } from "#app/modules/identity/session.server.ts";
import { myActivity } from "#app/modules/processes/activity.server.ts";
import { ActivitySection } from "#app/modules/processes/ui/activity.tsx";

// "My page": who I am signed in as, how well verified, where I am signed in,
// sign out (here or everywhere), and my data (export, delete).
export const handle = { i18n: ["identity", "consultations", "budgeting", "panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const actor = await requireUser(request, deps);
  const locale = requestLocale(request, deps);
  const t = tFor(locale);
  const [sessions, activity] = await Promise.all([listSessions(deps, actor.id), myActivity(deps, actor.id, locale)]);
  return {
    title: `${t("account.title", { ns: "identity" })} – ${t("app.name")}`,
    email: actor.email,
    phone: actor.phone,
    level: actorLevel(actor, null),
    eid: actor.verification.eidLevel,
    residentIn: actor.verification.residentIn.map((id) => deps.tenants.getById(id)?.officialName ?? id),
    staff: [...new Set(actor.memberships.map((m) => m.tenantId))].map((id) => {
      const m = deps.tenants.getById(id);
      return {
        slug: m?.slug ?? "",
        name: m?.officialName ?? id,
        roles: [...new Set(actor.memberships.filter((x) => x.tenantId === id).map((x) => x.role))],
      };
    }),
    sessions: sessions
      .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
      .map((s) => ({
        current: s.id === actor.sessionId,
        method: s.method,
        created: formatDateTime(s.createdAt, locale),
        lastSeen: formatDateTime(s.lastSeenAt, locale),
      })),
    oidc: !actor.verification.eidLevel && (await oidcAvailable(deps, "/account")),
    activity,
  };
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("account.title")}</h1>
      <dl className="facts">
        {data.email ? (
          <>
            <dt>{t("account.email")}</dt>
            <dd>{data.email}</dd>
          </>
        ) : null}
        {data.phone ? (
          <>
            <dt>{t("account.phone")}</dt>
            <dd>{data.phone}</dd>
          </>
        ) : null}
        <dt>{t("account.level")}</dt>
        <dd>
          {t(`levels.${data.level}`)} – {t(`levels.${data.level}Explained`)}
        </dd>
        {data.residentIn.length ? (
          <>
            <dt>{t("account.residentIn")}</dt>
            <dd>{data.residentIn.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <ActivitySection a={data.activity} />
      {data.oidc ? (
        <Form method="post" action="/auth/oidc" className="stack-form">
          <CsrfInput />
          <input type="hidden" name="returnTo" value="/account" />
          <p>{t("account.raiseLevel")}</p>
          <button type="submit">{t("signin.oidc")}</button>
        </Form>
      ) : null}

      {data.staff.length ? (
        <section aria-labelledby="staff-h">
          <h2 id="staff-h">{t("account.staffTitle")}</h2>
          <ul>
            {data.staff.map((s) => (
              <li key={s.slug}>
                <Link to={`/${s.slug}/admin`}>{s.name}</Link>: {s.roles.map((r) => t(`roles.${r}`)).join(", ")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="sessions-h">
        <h2 id="sessions-h">{t("account.sessionsTitle")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("account.sessionStarted")}</th>
              <th scope="col">{t("account.sessionLastSeen")}</th>
              <th scope="col">{t("account.sessionMethod")}</th>
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((s, i) => (
              <tr key={i}>
                <td>
                  {s.created}
                  {s.current ? ` (${t("account.thisDevice")})` : ""}
                </td>
                <td>{s.lastSeen}</td>
                <td>{t(`methods.${s.method}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="button-row">
          <Form method="post" action="/signout">
            <CsrfInput />
            <button type="submit">{t("account.signOut")}</button>
          </Form>
          <Form method="post" action="/signout">
            <CsrfInput />
            <input type="hidden" name="scope" value="everywhere" />
            <button type="submit" className="secondary">
              {t("account.signOutEverywhere")}
            </button>
          </Form>
        </div>
      </section>

      <section aria-labelledby="data-h">
        <h2 id="data-h">{t("account.dataTitle")}</h2>
        <p>{t("account.dataIntro")}</p>
        <ul>
          <li>
            <Form method="post" action="/account/export" reloadDocument className="inline-form">
              <CsrfInput />
              <button type="submit" className="secondary">
                {t("account.export")}
              </button>
            </Form>
          </li>
          <li>
            <Link to="/account/delete">{t("account.delete")}</Link>
          </li>
          <li>
            <Link to="/privacy">{t("privacy.link")}</Link>
          </li>
        </ul>
      </section>
    </>
  );
}
