import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { CODE_DIGITS, requestCode, verifyCode } from "#app/modules/identity/codes.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import {
  clientIp,
  formFailure,
  formString,
  readReqCookie,
  setCookie,
  type FormFailure,
} from "#app/modules/identity/http.server.ts";
import { createSession, safeReturnTo } from "#app/modules/identity/session.server.ts";
import { parseSigninCookie, SIGNIN_COOKIE } from "#app/modules/identity/signin-cookie.ts";
import { FieldError, fieldProps, FormError } from "#app/modules/identity/ui.tsx";

// Sign-in, step 2: the code from the e-mail or SMS.
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get("returnTo"));
  const pending = parseSigninCookie(readReqCookie(request, deps, SIGNIN_COOKIE));
  if (!pending) throw redirect(`/signin?returnTo=${encodeURIComponent(returnTo)}`, 303);
  const t = tFor(requestLocale(request, deps));
  return {
    title: `${t("code.title", { ns: "identity" })} – ${t("app.name")}`,
    returnTo,
    to: pending.identifier,
    channel: pending.channel,
    digits: CODE_DIGITS,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  const form = await request.formData();
  const returnTo = safeReturnTo(formString(form, "returnTo"));
  const pending = parseSigninCookie(readReqCookie(request, deps, SIGNIN_COOKIE));
  if (!pending) throw redirect(`/signin?returnTo=${encodeURIComponent(returnTo)}`, 303);
  if (formString(form, "intent") === "resend") {
    const r = await requestCode(deps, { ...pending, ip: clientIp(context), locale: requestLocale(request, deps) });
    return r.ok ? { resent: true as const } : formFailure({ ...r.error, field: undefined }, {});
  }
  const code = formString(form, "code", 50);
  const r = await verifyCode(deps, { ...pending, code, ip: clientIp(context) });
  if (!r.ok) return formFailure(r.error, { code: "" });
  const s = await createSession(deps, { personId: r.value.personId, method: pending.channel, request });
  const headers = new Headers();
  headers.append("Set-Cookie", s.setCookie);
  headers.append("Set-Cookie", setCookie(request, deps, SIGNIN_COOKIE, "", 0));
  return redirect(returnTo, { status: 303, headers });
}

export default function SignInCode() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "error" in result ? (result as FormFailure) : undefined;
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("code.title")}</h1>
      <p>{t(data.channel === "email" ? "code.sentToEmail" : "code.sentToPhone", { to: data.to })}</p>
      {result && "resent" in result ? (
        <p className="notice" role="status">
          {t("code.resent")}
        </p>
      ) : null}
      <FormError failure={failure} />
      <Form method="post" className="stack-form" noValidate>
        <CsrfInput />
        <input type="hidden" name="returnTo" value={data.returnTo} />
        <div>
          <label htmlFor="code">{t("code.label", { digits: data.digits })}</label>
          <input
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={12}
            required
            {...fieldProps(failure, "code")}
          />
          <FieldError failure={failure} field="code" />
        </div>
        <button type="submit" name="intent" value="verify">
          {t("code.submit")}
        </button>
      </Form>
      <Form method="post" className="stack-form">
        <CsrfInput />
        <input type="hidden" name="returnTo" value={data.returnTo} />
        <button type="submit" name="intent" value="resend" className="secondary">
          {t("code.resend")}
        </button>
      </Form>
      <p>
        <Link to={`/signin?returnTo=${encodeURIComponent(data.returnTo)}`}>{t("code.other")}</Link>
      </p>
    </>
  );
}
