import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { consultationCaseNumber, exportArkivmelding } from "#app/modules/archive/export.server.ts";

// The archive export for case systems to pull (authenticated: staff with case
// rights): the Fiks Arkiv V1 arkivmelding zip of the consultation's input
// report (docs/decisions/042-arkivmelding-export.md). ?version=N picks a version.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  await requireStaff(request, deps, m.id, "manage:case:tenant");
  const c = await consultationCaseNumber(deps, m.id, params.id ?? "");
  if (!c) throw notFound();
  const v = new URL(request.url).searchParams.get("version");
  const r = await exportArkivmelding(deps, {
    tenantId: m.id,
    caseNumber: `${c.year}/${c.sequence}`,
    consultationId: params.id!,
    version: v && /^\d{1,6}$/.test(v) ? Number(v) : undefined,
  });
  if (!r.ok) throw notFound();
  return new Response(Buffer.from(r.value.zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="arkivmelding-${c.year}-${c.sequence}-v${r.value.version}.zip"`,
      "Cache-Control": "private, no-store",
      "X-Medvirk-External-Key": r.value.externalKey,
    },
  });
}
