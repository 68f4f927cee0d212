import type { LoaderFunctionArgs } from "@remix-run/node";
import { writeCsv } from "#app/lib/csv.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { panelPage } from "#app/modules/panels/page.server.ts";
import { listInvitations } from "#app/modules/panels/queries.server.ts";

// Staff: the invitations drawn from a sampling frame, as CSV for letters or
// an SMS campaign (name, channel, contact, code, the sign-up address).
// Gone once the frame's retention ends.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, panel } = await panelPage(request, params, deps);
  await requireStaff(request, deps, m.id, "manage:panel:tenant");
  const rows = await listInvitations(deps.db.db, panel.id);
  const base = deps.env.PUBLIC_URL ?? new URL(request.url).origin;
  const csv = writeCsv([
    ["name", "channel", "contact", "code", "url"],
    ...rows.map((r) => [r.name, r.channel, r.contact, r.code, `${base}/${m.slug}/panels/${panel.key}?code=${r.code}`]),
  ]);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${panel.key}-invitations.csv"`,
      "cache-control": "no-store",
    },
  });
}
