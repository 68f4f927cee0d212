import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { valuesOf } from "#app/modules/political/staff.server.ts";
import { ComposerForm } from "#app/modules/sms/composer-form.ts";
import { composerRefusal, composerView, runComposer, type ActionData } from "#app/modules/sms/composer.server.ts";
import { SmsComposerPage } from "#app/modules/sms/ui/composer.tsx";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";

// Staff compose an SMS campaign (app/modules/sms/ui/composer.tsx).
export const handle = { i18n: ["sms"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const m = municipalityFromUrl(request, params.tenant, context.deps);
  await requireStaff(request, context.deps, m.id, "manage:sms:tenant");
  return composerView(context.deps, m, requestLocale(request, context.deps, m.slug), request);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const m = municipalityFromUrl(request, params.tenant, context.deps);
  const actor = await requireStaff(request, context.deps, m.id, "manage:sms:tenant");
  const form = await request.formData();
  const input = parseForm(form, ComposerForm);
  if (!input.ok) return Response.json(composerRefusal(input.error, valuesOf(form, 2_000_000)), { status: 400 });
  const locale = requestLocale(request, context.deps, m.slug);
  const r = await runComposer(context.deps, m, actor, locale, input.value);
  return r.status === 200 ? r.data : Response.json(r.data, { status: r.status });
}

export default function SmsComposer() {
  return <SmsComposerPage loaded={useLoaderData<typeof loader>()} data={useActionData<ActionData>()} />;
}
