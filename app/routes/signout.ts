import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { formString } from "#app/modules/identity/http.server.ts";
import { clearSessionCookie, endAllSessions, endSession, getActor } from "#app/modules/identity/session.server.ts";

// Sign out (this browser) or everywhere (every session of the person). POST only.
export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  const form = await request.formData();
  const actor = await getActor(request, deps);
  const clear =
    actor && formString(form, "scope") === "everywhere"
      ? (await endAllSessions(deps, actor.id, { actorPersonId: actor.id }), clearSessionCookie(request, deps))
      : await endSession(request, deps);
  return redirect("/", { status: 303, headers: { "Set-Cookie": clear } });
}

export async function loader() {
  return redirect("/account", 303);
}
