import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { postPrivacy, privacyPage } from "#app/modules/profile/pages.server.ts";
import { PrivacyNotice } from "#app/modules/profile/ui/legal.tsx";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";

// The municipality's privacy notice (personvernerklæring, issue 19): who is
// controller, what is stored, for how long, the reader's rights; its staff
// add the data protection officer and their own text here.
export const handle = { i18n: ["profile"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = await privacyPage(request, params, context.deps);
  const t = tFor(requestLocale(request, context.deps, params.tenant));
  return { ...page, title: `${t("profile:privacy.title")} – ${page.title}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const r = await postPrivacy(request, params, context.deps);
  return r.ok ? redirect(r.redirect) : json({ refusal: r.refusal }, { status: r.status });
}

export default function PrivacyRoute() {
  const d = useLoaderData<typeof loader>();
  return <PrivacyNotice v={d.view} saved={d.saved} />;
}
