import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { requestCode } from "#app/modules/identity/codes.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { clientIp, formFailure, formString, setCookie, type FormFailure } from "#app/modules/identity/http.server.ts";
import { oidcAvailable } from "#app/modules/identity/oidc.server.ts";
import { getActor, safeReturnTo } from "#app/modules/identity/session.server.ts";
import { SIGNIN_COOKIE } from "#app/modules/identity/signin-cookie.ts";
import { FieldError, fieldProps } from "#app/modules/identity/ui.tsx";

// Sign-in, step 1: an e-mail address or a mobile number gets a one-time code;
// or ID-porten, when the installation has it and the municipality allows it.
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const url = new URL(request.url);
  const returnTo = safeReturnTo(url.searchParams.get("returnTo"));
  if (await getActor(request, deps)) throw redirect(returnTo, 303);
  const t = tFor(requestLocale(request, deps));
  return {
    title: `${t("signin.title", { ns: "identity" })} – ${t("app.name")}`,
    returnTo,
    oidc: await oidcAvailable(deps, returnTo),
    oidcError: url.searchParams.get("oidc"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  const form = await request.formData();
  const identifier = formString(form, "identifier", 300);
  const returnTo = safeReturnTo(formString(form, "returnTo"));
  const channel = identifier.includes("@") ? "email" : "phone";
  const r = await requestCode(deps, {
    channel,
    identifier,
    ip: clientIp(context),
    locale: requestLocale(request, deps),
  });
  if (!r.ok) return formFailure(r.error, { identifier });
  return redirect(`/signin/code?returnTo=${encodeURIComponent(returnTo)}`, {
    status: 303,
    headers: { "Set-Cookie": setCookie(request, deps, SIGNIN_COOKIE, `${channel}:${r.value.identifier}`, 15 * 60) },
  });
}

export default function SignIn() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("signin.title")}</h1>
      <p>{t("signin.intro")}</p>
      {data.oidcError ? (
        <p className="field-error" role="alert">
          {t(`errors.oidc.${data.oidcError}`, { defaultValue: t("errors.oidc.failed") })}
        </p>
      ) : null}
      <Form method="post" className="stack-form" noValidate>
        <CsrfInput />
        <input type="hidden" name="returnTo" value={data.returnTo} />
        <div>
          <label htmlFor="identifier">{t("signin.identifier")}</label>
          <p id="identifier-hint" className="muted">
            {t("signin.identifierHint")}
          </p>
          <input
            id="identifier"
            name="identifier"
            type="text"
            inputMode="email"
            autoComplete="username"
            required
            defaultValue={failure?.values.identifier ?? ""}
            {...fieldProps(failure, "identifier")}
            aria-describedby={
              failure?.error.field === "identifier" ? "identifier-error identifier-hint" : "identifier-hint"
            }
          />
          <FieldError failure={failure} field="identifier" />
        </div>
        <p className="muted">{t("signin.smsNotice")}</p>
        <button type="submit">{t("signin.send")}</button>
      </Form>
      {data.oidc ? (
        <section aria-labelledby="oidc-h">
          <h2 id="oidc-h">{t("signin.oidcTitle")}</h2>
          <p>{t("signin.oidcIntro")}</p>
          <Form method="post" action="/auth/oidc" className="stack-form">
            <CsrfInput />
            <input type="hidden" name="returnTo" value={data.returnTo} />
            <button type="submit">{t("signin.oidc")}</button>
          </Form>
        </section>
      ) : null}
      <p>
        <a href="/privacy">{t("privacy.link")}</a>
      </p>
    </>
  );
}
