import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { NewConsultationForm } from "#app/modules/consultations/new-form.ts";
import {
  newConsultationContext,
  newConsultationView,
  openConsultation,
} from "#app/modules/consultations/new-page.server.ts";
import type { Failure } from "#app/modules/consultations/ui.tsx";
import { NewConsultationPage } from "#app/modules/consultations/ui/new-consultation.tsx";
import { valuesOf } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["consultations", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The secretary opens a consultation on a case (issue 6; app/modules/consultations/ui/new-consultation.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return newConsultationView(await newConsultationContext(request, params, context.deps));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await newConsultationContext(request, params, context.deps);
  const form = await request.formData();
  const values = valuesOf(form);
  const input = parseForm(form, NewConsultationForm);
  if (!input.ok) {
    const first = input.error.details?.[0];
    const failure: Failure = {
      intent: "create",
      code: first?.code ?? input.error.code,
      field: first?.field ?? null,
      params: first?.params,
      values,
    };
    return Response.json({ failure }, { status: 400 });
  }
  const r = await openConsultation(context.deps, ctx, input.value, values);
  if (!r.ok) return Response.json({ failure: r.failure }, { status: r.status });
  return redirect(`/${ctx.m.slug}/admin/consultations/${r.id}?done=created`, 303);
}

export default function NewConsultation() {
  const a = useActionData<{ failure?: Failure }>();
  return <NewConsultationPage d={useLoaderData<typeof loader>()} f={a?.failure ?? null} />;
}
