import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { ConsultationStaffForm } from "#app/modules/consultations/staff-forms.ts";
import {
  consultationStaffContext,
  consultationStaffView,
  runConsultationStaffForm,
} from "#app/modules/consultations/staff-page.server.ts";
import type { Failure } from "#app/modules/consultations/ui.tsx";
import { ConsultationAdminPage } from "#app/modules/consultations/ui/consultation-admin.tsx";
import { valuesOf } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["consultations", "political", "opinions"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The consultation for staff (app/modules/consultations/ui/consultation-admin.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await consultationStaffContext(request, params, context.deps);
  return consultationStaffView(context.deps, ctx);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await consultationStaffContext(request, params, context.deps);
  const form = await request.formData();
  const values = valuesOf(form);
  const input = parseForm(form, ConsultationStaffForm);
  if (!input.ok) {
    const first = input.error.details?.[0];
    const failure: Failure = {
      intent: values.intent ?? "",
      code: first?.code ?? input.error.code,
      params: first?.params,
      values,
    };
    return Response.json({ failure }, { status: 400 });
  }
  const r = await runConsultationStaffForm(context.deps, ctx, input.value, form, values);
  if (!r.ok) return Response.json({ failure: r.failure }, { status: r.status });
  return redirect(`${new URL(request.url).pathname}?done=${r.done}`, 303);
}

export default function ConsultationAdmin() {
  const a = useActionData<{ failure?: Failure }>();
  return <ConsultationAdminPage d={useLoaderData<typeof loader>()} f={a?.failure ?? null} />;
}
