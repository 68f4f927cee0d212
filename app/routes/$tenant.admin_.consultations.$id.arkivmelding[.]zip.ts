import type { LoaderFunctionArgs } from "@remix-run/node";
import { archiveResponse, consultationArchive } from "#app/modules/archive/pull.server.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";

// The archive export for staff with case rights (the download button on the consultation's staff
// page): the Fiks Arkiv V1 arkivmelding zip of the consultation's input report
// (docs/decisions/042-arkivmelding-export.md). ?version=N picks a version. Case systems use the
// token endpoint under /api/v1 instead (docs/decisions/056-api-tokens-for-case-systems.md).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  await requireStaff(request, deps, m.id, "manage:case:tenant");
  const a = await consultationArchive(deps, {
    tenantId: m.id,
    consultationId: params.id ?? "",
    version: new URL(request.url).searchParams.get("version"),
  });
  if (!a) throw notFound();
  return archiveResponse(a);
}
