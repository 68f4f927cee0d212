import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { formString } from "#app/modules/identity/http.server.ts";
import { oidcAvailable, startOidc } from "#app/modules/identity/oidc.server.ts";
import { safeReturnTo } from "#app/modules/identity/session.server.ts";

// Starts an ID-porten (OpenID Connect) sign-in. POST only: a GET changes nothing.
export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  const form = await request.formData();
  const returnTo = safeReturnTo(formString(form, "returnTo"));
  if (!(await oidcAvailable(deps, returnTo)))
    return redirect(`/signin?returnTo=${encodeURIComponent(returnTo)}&oidc=unavailable`, 303);
  try {
    return await startOidc(request, deps, returnTo);
  } catch (e) {
    deps.log.error({ err: e }, "could not start an OpenID Connect sign-in");
    return redirect(`/signin?returnTo=${encodeURIComponent(returnTo)}&oidc=unavailable`, 303);
  }
}

export async function loader() {
  return redirect("/signin", 303);
}
