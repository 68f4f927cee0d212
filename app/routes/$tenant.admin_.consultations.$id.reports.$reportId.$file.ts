import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { REPORT_MIME, reportFile, reportRow, type ReportFile } from "#app/modules/consultations/report.server.ts";

// A report version for the secretary to review before attaching (any status).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  await requireStaff(request, deps, m.id, "manage:case:tenant");
  const kind = params.file as ReportFile;
  if (!["pdf", "json", "csv"].includes(kind) || !/^[0-9a-f-]{36}$/i.test(params.reportId ?? "")) throw notFound();
  const row = await reportRow(deps, m.id, params.reportId!);
  if (!row || row.r.consultationId !== params.id) throw notFound();
  const bytes = await reportFile(deps, m.id, params.reportId!, kind);
  if (!bytes) throw notFound();
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": REPORT_MIME[kind],
      "Content-Disposition": `inline; filename="innspillsrapport-v${row.r.version}.${kind}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
