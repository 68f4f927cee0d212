import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { SESSION_COOKIE } from "#app/modules/identity/cookies.ts";
import { setCookie, type FormFailure } from "#app/modules/identity/http.server.ts";
import { deletePerson } from "#app/modules/identity/privacy.server.ts";
import { getActor, requireUser } from "#app/modules/identity/session.server.ts";
import { FieldError, fieldProps } from "#app/modules/identity/ui.tsx";

// Delete my account: confirm with a checkbox; then everything personal goes.
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const t = tFor(requestLocale(request, deps));
  const title = `${t("delete.title", { ns: "identity" })} – ${t("app.name")}`;
  if (new URL(request.url).searchParams.get("done") === "1" && !(await getActor(request, deps)))
    return { title, done: true };
  await requireUser(request, deps);
  return { title, done: false };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  const actor = (await getActor(request, deps)) ?? (await requireUser(request, deps));
  const form = await request.formData();
  if (form.get("confirm") !== "yes")
    return json({
      done: false,
      failure: { error: { code: "delete.confirm", field: "confirm" }, values: {} } as FormFailure,
    });
  await deletePerson(deps, actor.id);
  return redirect("/account/delete?done=1", {
    status: 303,
    headers: { "Set-Cookie": setCookie(request, deps, SESSION_COOKIE, "", 0) },
  });
}

export default function DeleteAccount() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("identity");
  if (data.done) {
    return (
      <>
        <h1>{t("delete.title")}</h1>
        <p role="status">{t("delete.done")}</p>
        <p>
          <Link to="/">{t("privacy.home")}</Link>
        </p>
      </>
    );
  }
  const failure = (result as { failure?: FormFailure } | undefined)?.failure;
  return (
    <>
      <h1>{t("delete.title")}</h1>
      <p>{t("delete.intro")}</p>
      <p>{t("delete.keeps")}</p>
      <Form method="post" className="stack-form" noValidate>
        <CsrfInput />
        <div>
          <input type="checkbox" id="confirm" name="confirm" value="yes" {...fieldProps(failure, "confirm")} />
          <label htmlFor="confirm" className="inline-label">
            {t("delete.confirm")}
          </label>
          <FieldError failure={failure} field="confirm" />
        </div>
        <button type="submit">{t("delete.submit")}</button>
      </Form>
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
    </>
  );
}
