import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { staffBudgetingPage } from "#app/modules/budgeting/page.server.ts";
import { PrioritiesForm } from "#app/modules/budgeting/priorities-forms.ts";
import {
  prioritiesRefusal,
  prioritiesStaffView,
  runPrioritiesForm,
  type PrioritiesReply,
} from "#app/modules/budgeting/priorities-page.server.ts";
import { PrioritiesAdminPage } from "#app/modules/budgeting/ui/priorities-admin.tsx";
import { valuesOf } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: budget-priorities consultations on the ordinary budget (app/modules/budgeting/ui/priorities-admin.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { m, locale } = await staffBudgetingPage(request, params, context.deps);
  return prioritiesStaffView(context.deps, m, locale);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { m, me } = await staffBudgetingPage(request, params, context.deps);
  const form = await request.formData();
  const input = parseForm(form, PrioritiesForm);
  if (!input.ok) return Response.json(prioritiesRefusal(input.error, valuesOf(form, 20_000)), { status: 400 });
  return runPrioritiesForm(context.deps, m, me, input.value);
}

export default function AdminPriorities() {
  return <PrioritiesAdminPage d={useLoaderData<typeof loader>()} reply={useActionData<PrioritiesReply>()} />;
}
