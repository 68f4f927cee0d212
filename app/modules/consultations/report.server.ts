import { createHash, randomUUID } from "node:crypto";
import { and, asc, eq, isNull, max, sql } from "drizzle-orm";
import { consultationReports, consultations, panels, panelSurveys, pbPriorities } from "#db/schema/index.ts";
import { prioritiesResults, specOf } from "#app/modules/budgeting/priorities.server.ts";
import { resultsOf } from "#app/modules/panels/surveys.server.ts";
import { opinionGroupsForReport } from "#app/modules/opinions/queries.server.ts";
import { publish } from "#app/modules/meetings/deps.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { removeDocument, uploadDocument } from "#app/modules/cases/commands.server.ts";
import type { ConsultationDeps } from "./commands.server.ts";
import { renderReportPdf } from "./pdf.server.ts";
import { reportData } from "./queries.server.ts";
import { buildReportModel, reportCsv, reportJson, type ReportModel, type ReportSource } from "./report-model.ts";

// The input report's life: generate (PDF + JSON + CSV, versioned), review,
// attach to the case documents as a vedlegg (through the case commands).
// docs/decisions/041-input-report-pdf.md.
const forbidden = () => fail("errors.forbidden", 403);
const notFound = () => fail("errors.notFound", 404);
const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

export async function buildModel(
  deps: Pick<ConsultationDeps, "db">,
  tenantId: string,
  consultationId: string,
): Promise<ReportModel | null> {
  const d = await reportData(deps.db.db, tenantId, consultationId);
  if (!d) return null;
  // Closed surveys of the citizen panels tied to the same case go in too.
  const db = deps.db.db;
  const surveys = await db
    .select({
      id: panelSurveys.id,
      panelId: panelSurveys.panelId,
      title: panelSurveys.title,
      questions: panelSurveys.questions,
      panel: panels.title,
    })
    .from(panelSurveys)
    .innerJoin(panels, eq(panels.id, panelSurveys.panelId))
    .innerJoin(consultations, eq(consultations.caseId, panels.caseId))
    .where(and(eq(consultations.id, consultationId), eq(panels.tenantId, tenantId), eq(panelSurveys.status, "closed")))
    .orderBy(asc(panelSurveys.closedAt), asc(panelSurveys.id));
  const panelSurveyResults = [];
  for (const s of surveys)
    panelSurveyResults.push({ panel: s.panel, title: s.title, results: await resultsOf(db, tenantId, s) });
  // And closed budget-priorities consultations on the same (budget) case.
  const priorities = await db
    .select({ p: pbPriorities })
    .from(pbPriorities)
    .innerJoin(consultations, eq(consultations.caseId, pbPriorities.caseId))
    .where(
      and(eq(consultations.id, consultationId), eq(pbPriorities.tenantId, tenantId), eq(pbPriorities.status, "closed")),
    )
    .orderBy(asc(pbPriorities.createdAt));
  const budgetPriorities = [];
  for (const { p } of priorities) {
    const spec = specOf(p, "nb");
    const names = Object.fromEntries([
      ...spec.sectors.map((x) => [x.key, x.name]),
      ...spec.revenue.map((r) => [`revenue:${r.key}`, r.name]),
    ]);
    budgetPriorities.push({ title: p.title, year: p.year, names, results: await prioritiesResults(db, p) });
  }
  // And the opinion groups of its statements, through the opinions module's own query (ADR 066).
  const opinionGroups = await opinionGroupsForReport(db, tenantId, consultationId);
  return buildReportModel(
    { ...(d as unknown as ReportSource), panelSurveys: panelSurveyResults, budgetPriorities, opinionGroups },
    "nb",
  );
}

export interface GeneratedReport {
  id: string;
  version: number;
  created: boolean;
}

/**
 * Generates the report of a closed consultation. The same content is never
 * stored twice: a second request (also one at the same moment) gets the
 * version already made; changed content (e.g. a comment hidden since) gets a
 * new version.
 */
export async function generateReport(
  deps: ConsultationDeps,
  actor: Actor,
  input: { tenantId: string; consultationId: string },
): Promise<Result<GeneratedReport>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const db = deps.db.db;
  const [c] = await db
    .select({ closedAt: consultations.closedAt, closesAt: consultations.closesAt })
    .from(consultations)
    .where(and(eq(consultations.id, input.consultationId), eq(consultations.tenantId, input.tenantId)));
  if (!c) return notFound();
  const now = deps.now();
  if (!c.closedAt && c.closesAt > now) return fail("errors.stillOpen", 409);
  const model = (await buildModel(deps, input.tenantId, input.consultationId))!;
  const json = reportJson(model);
  const hash = sha256(json);
  const existing = async () => {
    const [r] = await db
      .select({ id: consultationReports.id, version: consultationReports.version })
      .from(consultationReports)
      .where(
        and(eq(consultationReports.consultationId, input.consultationId), eq(consultationReports.contentHash, hash)),
      );
    return r ?? null;
  };
  const found = await existing();
  if (found) return ok({ ...found, created: false });

  const pdf = await renderReportPdf(model, now);
  const csv = reportCsv(model);
  const base = `${input.tenantId}/reports/${randomUUID()}`;
  const keys = { pdf: `${base}/pdf`, json: `${base}/json`, csv: `${base}/csv` };
  await deps.files.put(keys.pdf, pdf);
  await deps.files.put(keys.json, new TextEncoder().encode(json));
  await deps.files.put(keys.csv, new TextEncoder().encode(csv));
  const cleanup = async () => {
    for (const k of Object.values(keys)) await deps.files.delete(k);
  };
  try {
    const r = await db.transaction(async (tx) => {
      // One generator per consultation at a time: the row lock serialises concurrent requests.
      await tx
        .select({ id: consultations.id })
        .from(consultations)
        .where(eq(consultations.id, input.consultationId))
        .for("update");
      const [dup] = await tx
        .select({ id: consultationReports.id, version: consultationReports.version })
        .from(consultationReports)
        .where(
          and(eq(consultationReports.consultationId, input.consultationId), eq(consultationReports.contentHash, hash)),
        );
      if (dup) return { ...dup, created: false };
      const [last] = await tx
        .select({ v: max(consultationReports.version) })
        .from(consultationReports)
        .where(eq(consultationReports.consultationId, input.consultationId));
      const version = (last?.v ?? 0) + 1;
      const [row] = await tx
        .insert(consultationReports)
        .values({
          tenantId: input.tenantId,
          consultationId: input.consultationId,
          version,
          contentHash: hash,
          numbers: model.numbers,
          pdfKey: keys.pdf,
          pdfSha256: sha256(pdf),
          pdfBytes: pdf.byteLength,
          jsonKey: keys.json,
          csvKey: keys.csv,
          generatedAt: now,
          generatedByPersonId: actor.id,
        })
        .returning({ id: consultationReports.id });
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "consultation.report.generated",
        subjectType: "consultation_report",
        subjectId: row!.id,
        data: { version, contentHash: hash },
      });
      return { id: row!.id, version, created: true };
    });
    if (!r.created) await cleanup();
    else
      publish(deps, "consultations.report.generated", input.tenantId, {
        consultationId: input.consultationId,
        reportId: r.id,
      });
    return ok(r);
  } catch (e) {
    await cleanup();
    const again = await existing();
    if (again) return ok({ ...again, created: false });
    throw e;
  }
}

export type ReportFile = "pdf" | "json" | "csv";
export const REPORT_MIME: Record<ReportFile, string> = {
  pdf: "application/pdf",
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

export async function reportRow(deps: Pick<ConsultationDeps, "db">, tenantId: string, reportId: string) {
  const [r] = await deps.db.db
    .select({ r: consultationReports, caseId: consultations.caseId, title: consultations.title })
    .from(consultationReports)
    .innerJoin(consultations, eq(consultations.id, consultationReports.consultationId))
    .where(and(eq(consultationReports.id, reportId), eq(consultationReports.tenantId, tenantId)));
  return r ?? null;
}

export async function reportFile(
  deps: Pick<ConsultationDeps, "db" | "files">,
  tenantId: string,
  reportId: string,
  kind: ReportFile,
): Promise<Uint8Array | null> {
  const r = await reportRow(deps, tenantId, reportId);
  if (!r) return null;
  return deps.files.get(kind === "pdf" ? r.r.pdfKey : kind === "json" ? r.r.jsonKey : r.r.csvKey);
}

/**
 * Attaches a reviewed report version to the case documents as a vedlegg
 * (through uploadDocument: the same storage, text extraction and events as
 * any case document). Attaching twice gives the same document.
 */
export async function attachReport(
  deps: ConsultationDeps,
  actor: Actor,
  input: { tenantId: string; reportId: string },
): Promise<Result<{ documentId: string; version: number }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const r = await reportRow(deps, input.tenantId, input.reportId);
  if (!r) return notFound();
  if (r.r.documentId) return ok({ documentId: r.r.documentId, version: r.r.version });
  const bytes = await deps.files.get(r.r.pdfKey);
  if (!bytes) return fail("errors.reportFileMissing", 500);
  const title =
    `Innspillsrapport v${r.r.version}: ${r.title.nb ?? r.title.nn ?? Object.values(r.title)[0] ?? ""}`.slice(0, 300);
  const up = await uploadDocument(deps, actor, {
    tenantId: input.tenantId,
    caseId: r.caseId,
    kind: "vedlegg",
    title,
    fileName: `innspillsrapport-v${r.r.version}.pdf`,
    bytes,
  });
  if (!up.ok) return up;
  const now = deps.now();
  const won = await deps.db.db.transaction(async (tx) => {
    const rows = await tx
      .update(consultationReports)
      .set({ status: "attached", documentId: up.value.id, attachedAt: now })
      .where(and(eq(consultationReports.id, r.r.id), isNull(consultationReports.documentId)))
      .returning({ id: consultationReports.id });
    if (rows.length)
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "consultation.report.attached",
        subjectType: "consultation_report",
        subjectId: r.r.id,
        data: { documentId: up.value.id, version: r.r.version },
      });
    return rows.length > 0;
  });
  if (!won) {
    // Someone attached it at the same moment: keep theirs, remove ours.
    await removeDocument(deps, actor, { tenantId: input.tenantId, documentId: up.value.id });
    const again = await reportRow(deps, input.tenantId, input.reportId);
    return ok({ documentId: again!.r.documentId!, version: r.r.version });
  }
  publish(deps, "consultations.report.attached", input.tenantId, {
    consultationId: r.r.consultationId,
    reportId: r.r.id,
    documentId: up.value.id,
  });
  return ok({ documentId: up.value.id, version: r.r.version });
}

/** Counts the report's sources straight from the database (for tests and the secretary's check). */
export async function databaseCounts(deps: Pick<ConsultationDeps, "db">, consultationId: string) {
  const [row] = await deps.db.rows<{
    participants: number;
    comments: number;
    replies: number;
    supports: number;
    pins: number;
    answers: number;
    hidden: number;
  }>(sql`
    select
      (select count(*)::int from consultation_participants where consultation_id = ${consultationId}) as participants,
      (select count(*)::int from consultation_comments where consultation_id = ${consultationId} and state = 'published' and parent_id is null) as comments,
      (select count(*)::int from consultation_comments where consultation_id = ${consultationId} and state = 'published' and parent_id is not null) as replies,
      (select count(*)::int from consultation_supports where consultation_id = ${consultationId}) as supports,
      (select count(*)::int from consultation_pins where consultation_id = ${consultationId} and state = 'published') as pins,
      (select count(*)::int from consultation_answers where consultation_id = ${consultationId}) as answers,
      (select count(*)::int from consultation_comments where consultation_id = ${consultationId} and state = 'hidden') as hidden
  `);
  return row!;
}
