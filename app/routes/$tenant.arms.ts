import type { LoaderFunctionArgs } from "@remix-run/node";
import { getArms } from "#app/modules/profile/profile.server.ts";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";

// The municipality's coat of arms (sanitised SVG or PNG, issue 19). Served
// with a policy that runs nothing even if opened on its own; the URL carries
// the version, so it can be cached for long.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const m = municipalityFromUrl(request, params.tenant, context.deps);
  const arms = await getArms(context.deps.db.db, m.id);
  if (!arms) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(arms.data), {
    headers: {
      "Content-Type": arms.type,
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=86400",
    },
  });
}
