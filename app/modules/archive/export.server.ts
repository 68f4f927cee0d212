import { and, desc, eq } from "drizzle-orm";
import { cases, consultationReports, consultations, municipalities } from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import { parseCaseNumber } from "#app/modules/cases/case-number.ts";
import { pickText } from "#app/lib/localized.ts";
import { asciiRef, buildArkivmelding, messageZip, type ArchiveFile } from "./arkivmelding.ts";
import { createHash } from "node:crypto";

// The archive export of an input report (docs/decisions/042-arkivmelding-export.md):
// the report version (attached, else the latest) of a consultation in a case,
// as an arkivmelding with the PDF as main document and the JSON as attachment.
export type ExportError = "badCaseNumber" | "notFound" | "caseMismatch" | "noReport" | "fileMissing";
export interface ArchiveExport {
  xml: string;
  files: ArchiveFile[];
  zip: Uint8Array;
  externalKey: string;
  version: number;
  caseNumber: { year: number; sequence: number };
}

export async function exportArkivmelding(
  deps: Pick<Deps, "db" | "files">,
  /** Without `caseNumber` the consultation's own case is used (the id and the municipality identify it). */
  input: { caseNumber?: string; consultationId: string; tenantId?: string; version?: number },
): Promise<{ ok: true; value: ArchiveExport } | { ok: false; error: ExportError }> {
  const n = input.caseNumber === undefined ? null : parseCaseNumber(input.caseNumber);
  if (input.caseNumber !== undefined && !n) return { ok: false, error: "badCaseNumber" };
  if (!/^[0-9a-f-]{36}$/i.test(input.consultationId)) return { ok: false, error: "notFound" };
  const db = deps.db.db;
  const [c] = await db
    .select({ c: consultations, year: cases.year, sequence: cases.sequence, municipality: municipalities.officialName })
    .from(consultations)
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .innerJoin(municipalities, eq(municipalities.id, consultations.tenantId))
    .where(
      and(
        eq(consultations.id, input.consultationId),
        input.tenantId ? eq(consultations.tenantId, input.tenantId) : undefined,
      ),
    );
  if (!c) return { ok: false, error: "notFound" };
  if (n && (c.year !== n.year || c.sequence !== n.sequence)) return { ok: false, error: "caseMismatch" };
  const versions = await db
    .select()
    .from(consultationReports)
    .where(
      and(
        eq(consultationReports.consultationId, c.c.id),
        input.version ? eq(consultationReports.version, input.version) : undefined,
      ),
    )
    .orderBy(desc(consultationReports.version));
  const r = versions.find((v) => v.status === "attached") ?? versions[0];
  if (!r) return { ok: false, error: "noReport" };
  const [pdf, json] = await Promise.all([deps.files.get(r.pdfKey), deps.files.get(r.jsonKey)]);
  if (!pdf || !json) return { ok: false, error: "fileMissing" };
  const title = pickText(c.c.title, "nb")?.value ?? "";
  const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
  const main: ArchiveFile = {
    title: `Innspillsrapport v${r.version}: ${title}`,
    fileName: `innspillsrapport-v${r.version}.pdf`,
    ref: asciiRef(`innspillsrapport-v${r.version}.pdf`),
    mimeType: "application/pdf",
    format: "RA-PDF",
    bytes: pdf,
    sha256: r.pdfSha256,
  };
  const att: ArchiveFile = {
    title: `Innspillsrapport v${r.version} (JSON)`,
    fileName: `innspillsrapport-v${r.version}.json`,
    ref: asciiRef(`innspillsrapport-v${r.version}.json`),
    mimeType: "application/json",
    format: "JSON",
    bytes: json,
    sha256: sha(json),
  };
  const externalKey = `consultation/${c.c.id}/report/${r.version}/${r.contentHash.slice(0, 16)}`;
  const xml = buildArkivmelding({
    caseNumber: { year: c.year, sequence: c.sequence },
    title: `Innspill fra innbyggerne: ${title}`.slice(0, 255),
    publicTitle: `Innspill fra innbyggerne: ${title}`.slice(0, 255),
    externalKey,
    sender: `Medvirk – innspill fra innbyggere (${c.municipality})`,
    documentDate: r.generatedAt,
    receivedAt: r.attachedAt ?? r.generatedAt,
    main,
    attachments: [att],
  });
  const files = [main, att];
  return {
    ok: true,
    value: {
      xml,
      files,
      zip: messageZip(xml, files),
      externalKey,
      version: r.version,
      caseNumber: { year: c.year, sequence: c.sequence },
    },
  };
}

/** The case number ("2027/14" as year and sequence) of a consultation of this municipality, or null. */
export async function consultationCaseNumber(deps: Deps, tenantId: string, consultationId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(consultationId)) return null;
  const [c] = await deps.db.db
    .select({ year: cases.year, sequence: cases.sequence })
    .from(consultations)
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .where(and(eq(consultations.id, consultationId), eq(consultations.tenantId, tenantId)));
  return c ?? null;
}
