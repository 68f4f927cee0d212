import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { identityPage, postIdentity } from "#app/modules/profile/identity-page.server.ts";
import { IdentityForm } from "#app/modules/profile/ui/identity-form.tsx";

// The municipality's identity (issue 19, ADR 047): brand colour (WCAG AA
// checked), coat of arms (sanitised SVG or PNG), name form and contact.
export const handle = { i18n: ["profile"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.officialName : "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return identityPage(request, params, context.deps);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const r = await postIdentity(request, params, context.deps);
  return r.ok ? redirect(r.redirect) : json({ refusal: r.refusal, values: r.values }, { status: r.status });
}

export default function IdentityRoute() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return <IdentityForm d={d} refusal={a?.refusal} values={a?.values} />;
}
