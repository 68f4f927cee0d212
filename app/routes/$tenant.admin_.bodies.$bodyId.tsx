import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { BodyStaffForm } from "#app/modules/bodies/staff-forms.ts";
import { bodyStaffView, findBody, runBodyStaffForm } from "#app/modules/bodies/staff-page.server.ts";
import { BodyAdminPage } from "#app/modules/bodies/ui/body-admin.tsx";
import { notFound } from "#app/modules/political/page.server.ts";
import { failure, staffContext, success, valuesOf, type ActionReply } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Administrators: one body (app/modules/bodies/ui/body-admin.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await staffContext(request, params, context.deps, "manage:body:tenant");
  const b = await findBody(context.deps, ctx.m.id, params.bodyId ?? "");
  if (!b) throw notFound();
  return bodyStaffView(context.deps, ctx, b);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await staffContext(request, params, context.deps, "manage:body:tenant");
  const b = await findBody(context.deps, ctx.m.id, params.bodyId ?? "");
  if (!b) throw notFound();
  const form = await request.formData();
  const values = valuesOf(form);
  const intent = values.intent || "unknown";
  const input = parseForm(form, BodyStaffForm);
  if (!input.ok) return failure(intent, input.error, values);
  const r = await runBodyStaffForm(context.deps, ctx, b, input.value);
  return r.ok ? success(intent, r.value.message) : failure(intent, r.error, values);
}

export default function AdminBody() {
  return <BodyAdminPage d={useLoaderData<typeof loader>()} reply={useActionData<ActionReply>()} />;
}
