import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { minutesPage, postMinutes, type MinutesReply } from "#app/modules/live/minutes-page.server.ts";
import { MinutesPage } from "#app/modules/live/ui/minutes.tsx";

// The draft minutes (møtebok) of a meeting: app/modules/live/minutes-page.server.ts.
export const handle = { i18n: ["live"] };
export const meta: MetaFunction = () => [{ title: "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await minutesPage(request, params, context.deps), {
    headers: { "Cache-Control": "private, no-store" },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { status, reply } = await postMinutes(request, params, context.deps);
  return json(reply, { status });
}

export default function MinutesRoute() {
  return (
    <MinutesPage
      data={useLoaderData<typeof loader>()}
      done={useActionData<typeof action>() as MinutesReply | undefined}
    />
  );
}
