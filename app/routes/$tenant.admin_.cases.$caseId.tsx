import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { CaseStaffForm } from "#app/modules/cases/staff-forms.ts";
import { caseStaffView, runCaseStaffForm } from "#app/modules/cases/staff-page.server.ts";
import { CaseAdminPage } from "#app/modules/cases/ui/case-admin.tsx";
import { notFound } from "#app/modules/political/page.server.ts";
import { failure, staffContext, success, valuesOf, type ActionReply } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["political", "consultations"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// One case in the secretaries' console (app/modules/cases/ui/case-admin.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await staffContext(request, params, context.deps, "manage:case:tenant");
  const view = await caseStaffView(context.deps, ctx, params.caseId ?? "");
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await staffContext(request, params, context.deps, "manage:case:tenant");
  const form = await request.formData();
  const values = valuesOf(form);
  const intent = values.intent || "unknown";
  const input = parseForm(form, CaseStaffForm);
  if (!input.ok) return failure(intent, input.error, values);
  const r = await runCaseStaffForm(context.deps, ctx, params.caseId ?? "", input.value);
  if (!r) throw notFound();
  return r.ok ? success(intent, r.value.message, r.value.params) : failure(intent, r.error, values);
}

export default function AdminCase() {
  return <CaseAdminPage d={useLoaderData<typeof loader>()} reply={useActionData<ActionReply>()} />;
}
