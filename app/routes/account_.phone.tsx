import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { fail } from "#app/lib/result.ts";
import { CODE_DIGITS, requestCode } from "#app/modules/identity/codes.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { clientIp, formFailure, formString, type FormFailure } from "#app/modules/identity/http.server.ts";
import { confirmPhone } from "#app/modules/identity/phone.server.ts";
import { requireUser, safeReturnTo } from "#app/modules/identity/session.server.ts";
import { FieldError, fieldProps, FormError } from "#app/modules/identity/ui.tsx";

// Raising the verification level on the way (issue 17): a signed-in person confirms a mobile
// number with an SMS code, then returns to the action that asked for it.
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { deps } = context;
  await requireUser(request, deps);
  const t = tFor(requestLocale(request, deps));
  return {
    title: `${t("phone.title", { ns: "identity" })} – ${t("app.name")}`,
    returnTo: safeReturnTo(new URL(request.url).searchParams.get("returnTo")),
    digits: CODE_DIGITS,
  };
}

type Reply = { sent: string } | (FormFailure & { sent?: string });

export async function action({ request, params: _p, context }: ActionFunctionArgs) {
  const { deps } = context;
  const me = await requireUser(request, deps);
  const form = await request.formData();
  const phone = formString(form, "phone", 40).trim();
  const returnTo = safeReturnTo(formString(form, "returnTo"));
  if (!phone) return formFailure(fail("phone.empty", 400, { field: "phone" }).error, { phone });
  if (formString(form, "intent") !== "verify") {
    const r = await requestCode(deps, {
      channel: "phone",
      identifier: phone,
      ip: clientIp(context),
      locale: requestLocale(request, deps),
    });
    if (!r.ok) return formFailure({ ...r.error, field: "phone" }, { phone });
    return { sent: r.value.identifier } satisfies Reply;
  }
  const r = await confirmPhone(deps, me.id, { phone, code: formString(form, "code", 50), ip: clientIp(context) });
  if (!r.ok) return { ...formFailure(r.error, { phone }), sent: r.error.field === "phone" ? undefined : phone };
  return redirect(returnTo, 303);
}

export default function ConfirmPhone() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("identity");
  const failure = reply && "error" in reply ? reply : undefined;
  const sent = reply?.sent;
  return (
    <>
      <h1>{t("phone.title")}</h1>
      <p>{t("phone.intro")}</p>
      {sent ? (
        <>
          <p role="status">{t("code.sentToPhone", { to: sent })}</p>
          <FormError failure={failure?.error.field === "code" ? undefined : failure} />
          <Form method="post" className="stack-form" noValidate>
            <CsrfInput />
            <input type="hidden" name="returnTo" value={data.returnTo} />
            <input type="hidden" name="phone" value={sent} />
            <div>
              <label htmlFor="code">{t("code.label", { digits: data.digits })}</label>
              <input
                id="code"
                name="code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={12}
                required
                {...fieldProps(failure, "code")}
              />
              <FieldError failure={failure} field="code" />
            </div>
            <button type="submit" name="intent" value="verify">
              {t("phone.confirm")}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post" className="stack-form" noValidate>
          <CsrfInput />
          <input type="hidden" name="returnTo" value={data.returnTo} />
          <div>
            <label htmlFor="phone">{t("phone.label")}</label>
            <input
              id="phone"
              name="phone"
              type="tel"
              autoComplete="tel"
              required
              defaultValue={failure?.values.phone ?? ""}
              {...fieldProps(failure, "phone")}
            />
            <FieldError failure={failure} field="phone" />
          </div>
          <button type="submit" name="intent" value="send">
            {t("phone.send")}
          </button>
        </Form>
      )}
    </>
  );
}
