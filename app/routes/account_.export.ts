import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { exportPersonData } from "#app/modules/identity/privacy.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";

// "Download my data": a POST (it is audited), answered with the zip.
export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  const actor = await requireUser(request, deps);
  const zip = await exportPersonData(deps, actor.id);
  const day = deps.now().toISOString().slice(0, 10);
  return new Response(zip as unknown as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="medvirk-my-data-${day}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}

export async function loader() {
  return redirect("/account", 303);
}
