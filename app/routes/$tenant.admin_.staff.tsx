import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import type { FormFailure } from "#app/modules/identity/http.server.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { StaffForm } from "#app/modules/identity/staff-forms.ts";
import { runStaffForm, staffPageView } from "#app/modules/identity/staff-page.server.ts";
import { StaffAdminPage } from "#app/modules/identity/ui/staff-admin.tsx";
import { valuesOf } from "#app/modules/political/staff.server.ts";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";

// Staff and roles of one municipality (app/modules/identity/ui/staff-admin.tsx).
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const m = municipalityFromUrl(request, params.tenant, context.deps);
  const actor = await requireStaff(request, context.deps, m.id, "read:staff:tenant");
  return staffPageView(context.deps, m, actor, requestLocale(request, context.deps, m.slug), request);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const m = municipalityFromUrl(request, params.tenant, context.deps);
  const actor = await requireStaff(request, context.deps, m.id, "read:staff:tenant");
  const form = await request.formData();
  const input = parseForm(form, StaffForm);
  if (!input.ok) {
    const d = input.error.details?.[0];
    const failure: FormFailure = {
      error: { code: d?.code ?? input.error.code, field: d?.field, params: d?.params },
      values: valuesOf(form, 300),
    };
    return Response.json({ failure }, { status: 400 });
  }
  const locale = requestLocale(request, context.deps, m.slug);
  return runStaffForm(context.deps, m, actor, locale, new URL(request.url).origin, input.value);
}

export default function StaffAdmin() {
  const result = useActionData<{ failure?: FormFailure; done?: string }>();
  return <StaffAdminPage data={useLoaderData<typeof loader>()} result={result} />;
}
