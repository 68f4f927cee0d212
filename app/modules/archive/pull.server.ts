import type { Deps } from "#app/lib/deps.ts";
import { exportArkivmelding } from "./export.server.ts";

// What a case system pulls (issue 6 and 17): the arkivmelding zip of a consultation's input
// report, found by the consultation's id within one municipality; `version` picks a report
// version (else the attached one, else the latest). Used by the staff download and by the API.
export interface ArchivePull {
  zip: Uint8Array;
  filename: string;
  externalKey: string;
}

export async function consultationArchive(
  deps: Pick<Deps, "db" | "files">,
  input: { tenantId: string; consultationId: string; version?: string | null },
): Promise<ArchivePull | null> {
  const v = input.version;
  const r = await exportArkivmelding(deps, {
    tenantId: input.tenantId,
    consultationId: input.consultationId,
    version: v && /^\d{1,6}$/.test(v) ? Number(v) : undefined,
  });
  if (!r.ok) return null;
  const { year, sequence } = r.value.caseNumber;
  return {
    zip: r.value.zip,
    filename: `arkivmelding-${year}-${sequence}-v${r.value.version}.zip`,
    externalKey: r.value.externalKey,
  };
}

/** The zip as an HTTP answer, never cached. */
export function archiveResponse(a: ArchivePull): Response {
  return new Response(Buffer.from(a.zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${a.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Medvirk-External-Key": a.externalKey,
    },
  });
}
