import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { ModerationForm, moderationFormId } from "#app/modules/consultations/moderation-forms.ts";
import { moderationView, runModerationForm } from "#app/modules/consultations/moderation-page.server.ts";
import type { Failure } from "#app/modules/consultations/ui.tsx";
import { ModerationPage } from "#app/modules/consultations/ui/moderation.tsx";
import { staffContext, valuesOf } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["consultations", "political", "opinions"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The municipality's moderation queue (issue 6; app/modules/consultations/ui/moderation.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await staffContext(request, params, context.deps, "moderate:content:tenant");
  return moderationView(context.deps, ctx);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await staffContext(request, params, context.deps, "moderate:content:tenant");
  const form = await request.formData();
  const values = valuesOf(form, 20_000);
  const input = parseForm(form, ModerationForm);
  const r = input.ok ? await runModerationForm(context.deps, ctx, input.value) : input;
  if (!r.ok) {
    const detail = r.error.details?.[0];
    // The Bokmål rules are the "text" the form shows its message under.
    const field = detail?.field === "rules_nb" ? "text" : (detail?.field ?? null);
    const code = input.ok ? r.error.code : (detail?.code ?? r.error.code);
    const params = input.ok ? r.error.params : detail?.params;
    const failure: Failure = { intent: moderationFormId(values), code, field, params, values };
    return Response.json({ failure }, { status: r.error.status });
  }
  return redirect(`/${ctx.m.slug}/admin/moderation?done=${values.intent}`, {
    status: 303,
    headers: { "X-Remix-Revalidate": "yes" },
  });
}

export default function Moderation() {
  const a = useActionData<{ failure?: Failure }>();
  return <ModerationPage d={useLoaderData<typeof loader>()} f={a?.failure ?? null} />;
}
