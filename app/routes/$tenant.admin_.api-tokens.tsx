import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { absoluteUrl } from "#app/lib/public-url.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "#app/modules/identity/api-tokens.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { formFailure, formString, type FormFailure } from "#app/modules/identity/http.server.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { FieldError, fieldProps, FormError } from "#app/modules/identity/ui.tsx";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";

// API tokens for the municipality's case system (issue 17): create one (shown once), see when
// each was last used, revoke. Admins only (manage:apitoken:tenant); every change is audited.
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const m = municipalityFromUrl(request, params.tenant, deps);
  await requireStaff(request, deps, m.id, "manage:apitoken:tenant");
  const locale = requestLocale(request, deps, m.slug);
  const rows = await listApiTokens(deps, m.id);
  return {
    title: `${tFor(locale)("apiTokens.title", { ns: "identity" })} – ${m.officialName}`,
    endpoint: absoluteUrl(deps.env, `/api/v1/${m.slug}/consultations/{id}/arkivmelding.zip`),
    tokens: rows.map((r) => ({
      id: r.id,
      name: r.name,
      hint: r.hint,
      created: formatDateTime(r.createdAt, locale),
      lastUsed: r.lastUsedAt ? formatDateTime(r.lastUsedAt, locale) : null,
      revoked: r.revokedAt ? formatDateTime(r.revokedAt, locale) : null,
    })),
  };
}

type Reply = { created: { name: string; token: string } } | { revoked: true } | FormFailure;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const m = municipalityFromUrl(request, params.tenant, deps);
  const actor = await requireStaff(request, deps, m.id, "manage:apitoken:tenant");
  const form = await request.formData();
  if (formString(form, "intent") === "revoke") {
    const r = await revokeApiToken(deps, actor, { tenantId: m.id, tokenId: formString(form, "tokenId", 40) });
    return r.ok ? ({ revoked: true } satisfies Reply) : formFailure({ ...r.error, field: undefined }, {});
  }
  const name = formString(form, "name", 200);
  const r = await createApiToken(deps, actor, { tenantId: m.id, name });
  if (!r.ok) return formFailure(r.error, { name });
  return { created: { name: name.trim(), token: r.value.token } } satisfies Reply;
}

export default function ApiTokens() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const failure = reply && "error" in reply ? reply : undefined;
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("apiTokens.title")}</h1>
      <p>{t("apiTokens.intro")}</p>
      <p>
        {t("apiTokens.endpoint")}{" "}
        <code dir="ltr" className="break-anywhere">
          {d.endpoint}
        </code>
      </p>
      {reply && "created" in reply ? (
        <section className="notice" role="status" aria-labelledby="new-token-h">
          <h2 id="new-token-h">{t("apiTokens.createdTitle", { name: reply.created.name })}</h2>
          <p>{t("apiTokens.showOnce")}</p>
          <p>
            <code dir="ltr" className="token break-anywhere">
              {reply.created.token}
            </code>
          </p>
        </section>
      ) : null}
      {reply && "revoked" in reply ? <p role="status">{t("apiTokens.revokedDone")}</p> : null}
      <FormError failure={failure} />
      <h2>{t("apiTokens.new")}</h2>
      <Form method="post" className="stack-form" noValidate>
        <CsrfInput />
        <div>
          <label htmlFor="name">{t("apiTokens.name")}</label>
          <input id="name" name="name" required maxLength={100} {...fieldProps(failure, "name")} />
          <FieldError failure={failure} field="name" />
        </div>
        <button type="submit" name="intent" value="create">
          {t("apiTokens.create")}
        </button>
      </Form>
      <h2>{t("apiTokens.list")}</h2>
      {d.tokens.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("apiTokens.name")}</th>
              <th scope="col">{t("apiTokens.starts")}</th>
              <th scope="col">{t("apiTokens.created")}</th>
              <th scope="col">{t("apiTokens.lastUsed")}</th>
              <th scope="col">{t("apiTokens.status")}</th>
            </tr>
          </thead>
          <tbody>
            {d.tokens.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.hint}…</code>
                </td>
                <td>{k.created}</td>
                <td>{k.lastUsed ?? t("apiTokens.never")}</td>
                <td>
                  {k.revoked ? (
                    t("apiTokens.revokedAt", { at: k.revoked })
                  ) : (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="tokenId" value={k.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="revoke"
                        aria-label={t("apiTokens.revokeNamed", { name: k.name })}
                      >
                        {t("apiTokens.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("apiTokens.none")}</p>
      )}
    </>
  );
}
