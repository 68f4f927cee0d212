import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { panelPage } from "#app/modules/panels/page.server.ts";
import { StaffPanelForm } from "#app/modules/panels/staff-panel-forms.ts";
import {
  runStaffPanelForm,
  staffPanelRefusal,
  staffPanelView,
  type StaffPanelReply,
} from "#app/modules/panels/staff-panel.server.ts";
import { StaffPanelPage } from "#app/modules/panels/ui/staff-panel.tsx";
import { valuesOf } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: quotas, recruitment with the pool's live composition, the draw (a
// job with live progress), the seated panel with replacements, publishing
// the audit (app/modules/panels/ui/staff-panel.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = await panelPage(request, params, context.deps);
  await requireStaff(request, context.deps, page.m.id, "manage:panel:tenant");
  return staffPanelView(context.deps, page);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const page = await panelPage(request, params, context.deps);
  const me = await requireStaff(request, context.deps, page.m.id, "manage:panel:tenant");
  const form = await request.formData();
  const input = parseForm(form, StaffPanelForm);
  if (!input.ok) return Response.json(staffPanelRefusal(input.error, valuesOf(form, 20_000)), { status: 400 });
  return runStaffPanelForm(context.deps, page, me, input.value);
}

export default function StaffPanel() {
  return <StaffPanelPage d={useLoaderData<typeof loader>()} reply={useActionData<StaffPanelReply>()} />;
}
