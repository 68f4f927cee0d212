import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import {
  consoleContext,
  consoleView,
  runConsoleForm,
  type ConsoleRefusal,
} from "#app/modules/live/console-page.server.ts";
import { ConsolePage } from "#app/modules/live/ui/console.tsx";
import { valuesOf } from "#app/modules/political/staff.server.ts";

// The secretary's console (issue 9; app/modules/live/ui/console.tsx): plain
// POST forms without JavaScript, the socket with it.
export const handle = { i18n: ["live"] };
export const meta: MetaFunction = () => [{ title: "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const view = await consoleView(context.deps, await consoleContext(request, params, context.deps));
  return json(view, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await consoleContext(request, params, context.deps);
  const form = await request.formData();
  const r = await runConsoleForm(context.deps, ctx, form);
  if (!r.ok)
    return json(
      { error: r.error.code, params: r.error.params ?? {}, values: valuesOf(form) } satisfies ConsoleRefusal,
      {
        status: r.error.status,
      },
    );
  return redirect(`/${ctx.m.slug}/meetings/${ctx.info.meetingId}/console`, 303);
}

export default function Console() {
  return <ConsolePage data={useLoaderData<typeof loader>()} failed={useActionData<ConsoleRefusal>()} />;
}
