import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageTrail } from "#app/components/shell.tsx";
import { formatDate } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { processOpensAt } from "#app/modules/processes/queries.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { formString } from "#app/modules/identity/http.server.ts";
import { getActor, requireUser, signInUrl } from "#app/modules/identity/session.server.ts";
import { joinPool, leavePool, quotaRows } from "#app/modules/panels/commands.server.ts";
import { panelPage } from "#app/modules/panels/page.server.ts";
import {
  invitationByCode,
  myPoolEntry,
  poolComposition,
  publishedSelection,
} from "#app/modules/panels/queries.server.ts";
import { anonymised, categoriesOf } from "#app/modules/panels/quotas.ts";
import { caseSlugOf } from "#app/modules/panels/queries.server.ts";
import { CompositionTable } from "#app/modules/panels/ui.tsx";
import { fieldErrors } from "#app/lib/field-errors.tsx";

export const handle = { i18n: ["panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Public: what the panel is for, the sign-up (profile + consent) while
// recruitment is open, the pool's composition (k-anonymous), and the audit
// once the draw is published.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, panel } = await panelPage(request, params, deps);
  if (panel.status === "draft") {
    // An invitation sent before recruitment opens says when it opens, instead of a dead end.
    const code = (new URL(request.url).searchParams.get("code") ?? "").slice(0, 20);
    if (!code || !(await invitationByCode(deps.db.db, m.id, panel.id, code)))
      throw new Response("Not found", { status: 404 });
    const opensAt = await processOpensAt(deps.db.db, m.id, panel.processId);
    const title = pickText(panel.title, locale)?.value ?? panel.key;
    return {
      notYet: true as const,
      title: `${title} – ${m.officialName}`,
      panelTitle: title,
      opensAt: opensAt && opensAt > deps.now() ? formatDate(opensAt, locale) : null,
    };
  }
  const actor = await getActor(request, deps);
  const [rows, comp, mine, published] = await Promise.all([
    quotaRows(deps.db.db, panel.id),
    poolComposition(deps.db.db, panel),
    actor ? myPoolEntry(deps.db.db, panel.id, actor.id) : null,
    publishedSelection(deps.db.db, m.id, panel.id),
  ]);
  const title = pickText(panel.title, locale)?.value ?? panel.key;
  const url = new URL(request.url);
  const code = (url.searchParams.get("code") ?? "").slice(0, 20);
  const invitation = code ? await invitationByCode(deps.db.db, m.id, panel.id, code) : null;
  const cats = categoriesOf(rows);
  return {
    notYet: false as const,
    title: `${title} – ${m.officialName}`,
    tenant: m.slug,
    key: panel.key,
    panelTitle: title,
    purpose: pickText(panel.purpose, locale)?.value ?? "",
    size: panel.size,
    status: panel.status,
    anonymity: panel.anonymity,
    categories: cats,
    cells: anonymised(comp.cells, panel.anonymity).map(({ status: _s, ...c }) => c),
    pool: comp.n < panel.anonymity ? null : comp.n,
    signedIn: !!actor,
    name: actor?.displayName ?? "",
    email: actor?.email ?? "",
    joined: !!mine,
    justJoined: url.searchParams.has("joined"),
    signIn: signInUrl(request, url.pathname + url.search),
    audit: !!published,
    caseSlug: panel.caseId ? await caseSlugOf(deps.db.db, panel.caseId) : null,
    invitation: invitation
      ? {
          code: invitation.code,
          name: invitation.name ?? "",
          answers: Object.fromEntries(
            cats.map((c, i) => [
              `c${i}`,
              c.features.includes(invitation.profile?.[c.category] ?? "") ? invitation.profile![c.category]! : "",
            ]),
          ),
        }
      : null,
  };
}

type Reply = { code: string; field?: string; params?: Record<string, string | number>; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, panel } = await panelPage(request, params, deps);
  const me = await requireUser(request, deps);
  const form = await request.formData();
  const intent = formString(form, "intent", 10);
  if (intent === "leave") {
    await leavePool(deps, me.id, { tenantId: m.id, panelId: panel.id });
    return redirect(`/${m.slug}/panels/${panel.key}`, 303);
  }
  const rows = await quotaRows(deps.db.db, panel.id);
  const profile: Record<string, string> = {};
  categoriesOf(rows).forEach((c, i) => (profile[c.category] = formString(form, `c${i}`, 200)));
  const values: Record<string, string> = {
    name: formString(form, "name", 200),
    email: formString(form, "email", 300),
    phone: formString(form, "phone", 40),
    consent: formString(form, "consent", 3),
  };
  categoriesOf(rows).forEach((_c, i) => (values[`c${i}`] = formString(form, `c${i}`, 200)));
  const code = formString(form, "code", 20);
  const invitation = code ? await invitationByCode(deps.db.db, m.id, panel.id, code) : null;
  const r = await joinPool(deps, me.id, {
    tenantId: m.id,
    panelId: panel.id,
    name: values.name!,
    email: values.email || me.email,
    phone: values.phone || null,
    profile,
    consent: values.consent === "yes",
    invitationCode: invitation?.code ?? null,
  });
  if (!r.ok) {
    const idx = categoriesOf(rows).findIndex((c) => `profile.${c.category}` === r.error.field);
    return {
      code: r.error.code,
      field: idx >= 0 ? `c${idx}` : r.error.field,
      params: r.error.params,
      values,
    } satisfies Reply;
  }
  return redirect(`/${m.slug}/panels/${panel.key}?joined=1`, 303);
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PanelPage() {
  const d = useLoaderData<typeof loader>();
  return d.notYet ? <NotYetOpen d={d} /> : <OpenPanel d={d} />;
}

function NotYetOpen({ d }: { d: Extract<Loaded, { notYet: true }> }) {
  const { t } = useTranslation("panels");
  return (
    <>
      <PageTrail />
      <h1>{d.panelTitle}</h1>
      <p role="status">{d.opensAt ? t("public.opensOn", { date: d.opensAt }) : t("public.opensSoon")}</p>
    </>
  );
}

function OpenPanel({ d }: { d: Exclude<Loaded, { notYet: true }> }) {
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("panels");
  const v = reply?.values ?? d.invitation?.answers ?? {};
  const { err, aria } = fieldErrors(reply, t);
  return (
    <>
      <PageTrail />
      <h1>{d.panelTitle}</h1>
      {d.purpose ? <p>{d.purpose}</p> : null}
      {d.caseSlug ? (
        <p>
          <a href={`/${d.tenant}/cases/${d.caseSlug}`}>{t("public.case", { number: d.caseSlug.replace("-", "/") })}</a>
        </p>
      ) : null}
      <p>
        {t("panel.size", { k: d.size })} · {t(`status.${d.status}`)}
      </p>
      {d.audit ? (
        <p>
          <a href={`/${d.tenant}/panels/${d.key}/audit`}>{t("public.auditLink")}</a>
        </p>
      ) : null}
      {d.status === "recruiting" ? (
        <section aria-labelledby="join-h">
          <h2 id="join-h">{t("public.join")}</h2>
          <p>{t("public.joinHelp", { k: d.size })}</p>
          {d.joined ? (
            <>
              <p role="status" className="notice">
                {d.justJoined ? t("public.thanks") : t("public.inPool")}
              </p>
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="intent" value="leave" />
                <button type="submit">{t("public.leave")}</button>
              </Form>
            </>
          ) : !d.signedIn ? (
            <p>
              <a href={d.signIn}>{t("public.signInToJoin")}</a>
            </p>
          ) : (
            <Form method="post" className="stack-form" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="join" />
              {d.invitation ? (
                <>
                  <input type="hidden" name="code" value={d.invitation.code} />
                  <p className="notice">{t("public.invited")}</p>
                </>
              ) : null}
              {reply && !reply.field ? (
                <p className="field-error" role="alert">
                  {t(reply.code, reply.params)}
                </p>
              ) : null}
              <div>
                <label htmlFor="name">{t("public.name")}</label>
                <input
                  id="name"
                  name="name"
                  autoComplete="name"
                  required
                  defaultValue={v.name ?? (d.invitation?.name || d.name)}
                  {...aria("name")}
                />
                {err("name")}
              </div>
              <div>
                <label htmlFor="email">{t("public.email")}</label>
                <input id="email" name="email" type="email" autoComplete="email" defaultValue={v.email ?? d.email} />
              </div>
              <div>
                <label htmlFor="phone">{t("public.phone")}</label>
                <input id="phone" name="phone" type="tel" autoComplete="tel" defaultValue={v.phone} />
              </div>
              {d.categories.map((c, i) => (
                <fieldset key={c.category} {...(reply?.field === `c${i}` ? { "aria-describedby": `c${i}-error` } : {})}>
                  <legend>{c.category}</legend>
                  {c.features.map((f, j) => (
                    <div key={f}>
                      <input
                        type="radio"
                        id={`c${i}-${j}`}
                        name={`c${i}`}
                        value={f}
                        defaultChecked={v[`c${i}`] === f}
                        required
                      />
                      <label htmlFor={`c${i}-${j}`}>{f}</label>
                    </div>
                  ))}
                  {err(`c${i}`)}
                </fieldset>
              ))}
              <div>
                <p id="consent-text">{t("public.consentText")}</p>
                <input
                  type="checkbox"
                  id="consent"
                  name="consent"
                  value="yes"
                  defaultChecked={v.consent === "yes"}
                  aria-describedby={reply?.field === "consent" ? "consent-text consent-error" : "consent-text"}
                />
                <label htmlFor="consent">{t("public.consent")}</label>
                {err("consent")}
              </div>
              <button type="submit">{t("public.joinButton")}</button>
            </Form>
          )}
        </section>
      ) : null}
      <section aria-labelledby="comp-h">
        <h2 id="comp-h">{t("public.composition")}</h2>
        <p>{d.pool === null ? t("public.poolFew", { k: d.anonymity }) : t("staff.poolSize", { n: d.pool })}</p>
        <CompositionTable cells={d.cells} caption={t("public.composition")} anonymity={d.anonymity} />
      </section>
    </>
  );
}
