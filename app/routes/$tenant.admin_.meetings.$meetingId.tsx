import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "#app/lib/form.ts";
import { MeetingStaffForm } from "#app/modules/meetings/staff-forms.ts";
import { meetingStaffView, runMeetingStaffForm, staffMeetingContext } from "#app/modules/meetings/staff-page.server.ts";
import { MeetingAdminPage } from "#app/modules/meetings/ui/meeting-admin.tsx";
import { failure, success, valuesOf, type ActionReply } from "#app/modules/political/staff.server.ts";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// One meeting in the secretaries' console (app/modules/meetings/ui/meeting-admin.tsx).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return meetingStaffView(context.deps, await staffMeetingContext(request, params, context.deps));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await staffMeetingContext(request, params, context.deps);
  const form = await request.formData();
  const values = valuesOf(form);
  const intent = values.intent || "unknown";
  const input = parseForm(form, MeetingStaffForm);
  if (!input.ok) return failure(intent, input.error, values);
  const r = await runMeetingStaffForm(context.deps, ctx, input.value);
  return r.ok ? success(intent, r.value.message, r.value.params) : failure(intent, r.error, values);
}

export default function AdminMeeting() {
  return <MeetingAdminPage d={useLoaderData<typeof loader>()} reply={useActionData<ActionReply>()} />;
}
