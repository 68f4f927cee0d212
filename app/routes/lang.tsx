import { safeReturnTo } from "#app/modules/identity/return-to.ts";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale, langCookie } from "#app/lib/i18n.ts";
import { getActor } from "#app/modules/identity/session.server.ts";
import { setPersonLocale } from "#app/modules/sms/person-locale.server.ts";

// The language switcher posts here; the choice is kept in a cookie and wins
// over every other signal. Only local paths are accepted as return targets.
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get("lng");
  const raw = form.get("returnTo");
  const returnTo = safeReturnTo(raw);
  if (!isLocale(lng)) return redirect(returnTo, 303);
  // A signed-in person's choice is kept on the person too, so SMS, e-mail and notices follow it.
  const actor = await getActor(request, context.deps);
  if (actor) await setPersonLocale(context.deps, actor.id, lng);
  const secure = new URL(request.url).protocol === "https:";
  return redirect(returnTo, { status: 303, headers: { "Set-Cookie": langCookie(lng, secure) } });
}

export async function loader() {
  return redirect("/", 303);
}
