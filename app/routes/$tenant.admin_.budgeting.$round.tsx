import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { roundPage } from "#app/modules/budgeting/page.server.ts";
import { StaffRoundForm } from "#app/modules/budgeting/staff-round-forms.ts";
import {
  runStaffRoundForm,
  staffRoundRefusal,
  staffRoundView,
  type StaffRoundReply,
} from "#app/modules/budgeting/staff-round.server.ts";
import { StaffRoundPage } from "#app/modules/budgeting/ui/staff-round.tsx";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { valuesOf } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: move the round's phase, review proposals, type in paper ballots and
// confirm others' (second check), compute the result (app/modules/budgeting/ui/staff-round.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = await roundPage(request, params, context.deps);
  const me = await requireStaff(request, context.deps, page.m.id, "manage:budgeting:tenant");
  return staffRoundView(context.deps, page, me);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const page = await roundPage(request, params, context.deps);
  const me = await requireStaff(request, context.deps, page.m.id, "manage:budgeting:tenant");
  const form = await request.formData();
  const values = valuesOf(form, 6000);
  const input = parseForm(form, StaffRoundForm);
  if (!input.ok) return Response.json(staffRoundRefusal(input.error, values), { status: 400 });
  return runStaffRoundForm(context.deps, page, me, input.value, values);
}

export default function StaffRound() {
  return <StaffRoundPage d={useLoaderData<typeof loader>()} reply={useActionData<StaffRoundReply>()} />;
}
