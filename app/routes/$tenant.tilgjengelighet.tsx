import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { accessibilityPage, postAccessibility } from "#app/modules/profile/pages.server.ts";
import { AccessibilityStatement } from "#app/modules/profile/ui/legal.tsx";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";

// The municipality's accessibility statement (tilgjengelighetserklæring,
// issue 19), in the form Uu-tilsynet asks for; its staff edit it here.
export const handle = { i18n: ["profile"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = await accessibilityPage(request, params, context.deps);
  const t = tFor(requestLocale(request, context.deps, params.tenant));
  return { ...page, title: `${t("profile:a11y.title")} – ${page.title}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const r = await postAccessibility(request, params, context.deps);
  return r.ok ? redirect(r.redirect) : json({ refusal: r.refusal }, { status: r.status });
}

export default function AccessibilityRoute() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return <AccessibilityStatement v={d.view} saved={d.saved} refusal={a?.refusal} />;
}
