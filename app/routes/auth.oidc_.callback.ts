import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { finishOidc } from "#app/modules/identity/oidc.server.ts";
import { createSession } from "#app/modules/identity/session.server.ts";

// The provider sends the browser back here (a GET by the protocol). It creates
// a session only when every check in finishOidc passes; a replayed or forged
// callback is refused and changes nothing.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const r = await finishOidc(request, deps);
  if (!r.ok) return redirect(`/signin?oidc=${r.error.code}`, 303);
  const s = await createSession(deps, { personId: r.value.personId, method: "oidc", request });
  return redirect(r.value.returnTo, { status: 303, headers: { "Set-Cookie": s.setCookie } });
}
