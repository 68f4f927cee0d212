import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, sql } from "drizzle-orm";
import { publicCase } from "#app/modules/cases/visibility.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { REPORT_MIME, reportFile, type ReportFile } from "#app/modules/consultations/report.server.ts";
import { cases, consultationReports, consultations } from "#db/schema/index.ts";

// Public download of an attached input report (PDF, JSON or CSV). Only
// versions the secretary attached to a public case are served.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  const kind = params.file as ReportFile;
  if (
    !["pdf", "json", "csv"].includes(kind) ||
    !/^[0-9a-f-]{36}$/i.test(params.reportId ?? "") ||
    !/^[0-9a-f-]{36}$/i.test(params.id ?? "")
  )
    throw notFound();
  const [r] = await deps.db.db
    .select({ version: consultationReports.version, pub: sql<boolean>`(${publicCase(m.id)})` })
    .from(consultationReports)
    .innerJoin(consultations, eq(consultations.id, consultationReports.consultationId))
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .where(
      and(
        eq(consultationReports.id, params.reportId!),
        eq(consultationReports.consultationId, params.id!),
        eq(consultationReports.tenantId, m.id),
        eq(consultationReports.status, "attached"),
      ),
    );
  if (!r || !r.pub) throw notFound();
  const bytes = await reportFile(deps, m.id, params.reportId!, kind);
  if (!bytes) throw notFound();
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": REPORT_MIME[kind],
      "Content-Disposition": `${kind === "pdf" ? "inline" : "attachment"}; filename="innspillsrapport-v${r.version}.${kind}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=300",
    },
  });
}
