import { createHash, randomUUID } from "node:crypto";
import { and, eq, max } from "drizzle-orm";
import { bodies, caseDocuments, cases, caseSteps, meetings } from "#db/schema/index.ts";
import { publish, type PoliticalDeps } from "#app/modules/meetings/deps.ts";
import { can, type Actor } from "#app/modules/meetings/permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { parseInput } from "#app/modules/meetings/validate.ts";
import { anchorOf, parseGeoTag, pointInArea, type Area, type GeoTag } from "#app/modules/bodies/geo.ts";
import type { Db } from "#db/client.ts";
import { formatCaseNumber } from "./case-number.ts";
import { safeFileName, sniffType } from "./files.ts";
import { extractPdfText } from "./pdf-text.server.ts";
import { CaseInput, CaseUpdate, DocumentInput, JourneyInput } from "./schemas.ts";

// Commands on cases, their journey and documents: (deps, actor, input) → Result.
type Ctx = { tenantId: string };
const forbidden = () => fail("errors.forbidden", 403);
const notFound = () => fail("errors.notFound", 404);
export const isUniqueViolation = (e: unknown) => {
  let c = e as { code?: string; cause?: unknown } | undefined;
  while (c) {
    if (c.code === "23505") return true;
    c = c.cause as typeof c;
  }
  return false;
};

/** Validates the tag and finds the area it lies in, when no area was chosen. */
async function geoAndArea(
  db: Db,
  tenantId: string,
  geo: unknown,
  areaBodyId: string | null | undefined,
): Promise<Result<{ geo?: GeoTag | null; areaBodyId?: string | null }>> {
  let tag: GeoTag | null | undefined = undefined;
  if (geo === null || geo === "") tag = null;
  else if (geo !== undefined) {
    const g = parseGeoTag(geo);
    if (!g.ok) return fail(`errors.${g.error}`, 400, { details: [{ field: "geo", code: `errors.${g.error}` }] });
    tag = g.value;
  }
  if (areaBodyId) {
    const [b] = await db
      .select({ id: bodies.id })
      .from(bodies)
      .where(and(eq(bodies.id, areaBodyId), eq(bodies.tenantId, tenantId)));
    if (!b) return notFound();
    return ok({ geo: tag, areaBodyId });
  }
  if (tag && areaBodyId === undefined) {
    const areas = await db
      .select({ id: bodies.id, area: bodies.area })
      .from(bodies)
      .where(eq(bodies.tenantId, tenantId));
    const p = anchorOf(tag);
    const hit = areas.find((a) => a.area && pointInArea(p, a.area as Area));
    return ok({ geo: tag, areaBodyId: hit?.id ?? null });
  }
  return ok({ geo: tag, areaBodyId });
}

export async function createCase(
  deps: PoliticalDeps,
  actor: Actor,
  input: CaseInput & Ctx,
): Promise<Result<{ id: string; number: string }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const v = parseInput(CaseInput, input);
  if (!v.ok) return v;
  const g = await geoAndArea(deps.db.db, input.tenantId, v.value.geo, v.value.areaBodyId);
  if (!g.ok) return g;
  try {
    const row = await deps.db.db.transaction(async (tx) => {
      let sequence = v.value.sequence;
      if (sequence === undefined) {
        const [last] = await tx
          .select({ s: max(cases.sequence) })
          .from(cases)
          .where(and(eq(cases.tenantId, input.tenantId), eq(cases.year, v.value.year)));
        sequence = (last?.s ?? 0) + 1;
      }
      const [r] = await tx
        .insert(cases)
        .values({
          tenantId: input.tenantId,
          year: v.value.year,
          sequence,
          title: v.value.title,
          summary: v.value.summary ?? {},
          decisionText: v.value.decisionText || null,
          geo: g.value.geo ?? null,
          areaBodyId: g.value.areaBodyId ?? null,
          closedBasis: v.value.closedBasis || null,
        })
        .returning({ id: cases.id, year: cases.year, sequence: cases.sequence });
      return r!;
    });
    publish(deps, "cases.case.created", input.tenantId, { caseId: row.id });
    return ok({ id: row.id, number: formatCaseNumber(row) });
  } catch (e) {
    if (isUniqueViolation(e))
      return fail("errors.caseNumberTaken", 409, {
        details: [{ field: "sequence", code: "errors.caseNumberTaken" }],
      });
    throw e;
  }
}

export async function updateCase(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { caseId: string } & Partial<CaseInput>,
): Promise<Result<{ id: string }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const v = parseInput(CaseUpdate, input);
  if (!v.ok) return v;
  const g = await geoAndArea(deps.db.db, input.tenantId, v.value.geo, v.value.areaBodyId);
  if (!g.ok) return g;
  const { caseId, geo: _g, areaBodyId: _a, ...rest } = v.value;
  const set = Object.fromEntries(Object.entries({ ...rest, ...g.value }).filter(([, x]) => x !== undefined));
  const rows = await deps.db.db
    .update(cases)
    .set({ ...set, updatedAt: deps.now() })
    .where(and(eq(cases.id, caseId), eq(cases.tenantId, input.tenantId)))
    .returning({ id: cases.id });
  if (!rows.length) return notFound();
  publish(deps, "cases.case.updated", input.tenantId, { caseId });
  return ok({ id: caseId });
}

/** Records the decision (vedtak): its text and when it was made. */
export async function recordDecision(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { caseId: string; decisionText: string; decidedAt?: Date },
): Promise<Result<{ id: string }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const text = input.decisionText.trim();
  if (!text)
    return fail("errors.decisionRequired", 400, {
      details: [{ field: "decisionText", code: "errors.decisionRequired" }],
    });
  const now = deps.now();
  const rows = await deps.db.db
    .update(cases)
    .set({ decisionText: text.slice(0, 50_000), decidedAt: input.decidedAt ?? now, updatedAt: now })
    .where(and(eq(cases.id, input.caseId), eq(cases.tenantId, input.tenantId)))
    .returning({ id: cases.id });
  if (!rows.length) return notFound();
  publish(deps, "cases.decision.recorded", input.tenantId, { caseId: input.caseId });
  return ok({ id: input.caseId });
}

/** Replaces the case's journey: the bodies that handle it, in order (innstilling → vedtak). */
export async function setJourney(
  deps: PoliticalDeps,
  actor: Actor,
  input: JourneyInput & Ctx,
): Promise<Result<{ steps: number }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const v = parseInput(JourneyInput, input);
  if (!v.ok) return v;
  return deps.db.db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.id, v.value.caseId), eq(cases.tenantId, input.tenantId)));
    if (!c) return notFound();
    const bodyIds = new Set(
      (await tx.select({ id: bodies.id }).from(bodies).where(eq(bodies.tenantId, input.tenantId))).map((b) => b.id),
    );
    const meetingIds = v.value.steps.some((s) => s.meetingId)
      ? new Set(
          (await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.tenantId, input.tenantId))).map(
            (m) => m.id,
          ),
        )
      : new Set<string>();
    const bad = v.value.steps.findIndex((s) => !bodyIds.has(s.bodyId) || (s.meetingId && !meetingIds.has(s.meetingId)));
    if (bad >= 0)
      return fail("errors.notFound", 404, { details: [{ field: `steps.${bad}`, code: "errors.notFound" }] });
    await tx.delete(caseSteps).where(eq(caseSteps.caseId, c.id));
    if (v.value.steps.length)
      await tx.insert(caseSteps).values(
        v.value.steps.map((s, i) => ({
          tenantId: input.tenantId,
          caseId: c.id,
          bodyId: s.bodyId,
          kind: s.kind,
          date: s.date ?? null,
          meetingId: s.meetingId ?? null,
          position: i + 1,
        })),
      );
    publish(deps, "cases.journey.changed", input.tenantId, { caseId: c.id });
    return ok({ steps: v.value.steps.length });
  });
}

export type UploadWarning = "extractionFailed";

/**
 * Attaches a document. Checks, in order: size (MEDVIRK_MAX_UPLOAD_MB), type
 * by content (PDF, PNG, JPEG), the case. A PDF's text is extracted for
 * search; one that cannot be read is still stored, found by title only, and
 * the result carries a warning for the secretary. The file is written under a
 * random key before the row; if the row cannot be written the file is
 * removed, so nothing is stored half-way.
 */
export async function uploadDocument(
  deps: PoliticalDeps,
  actor: Actor,
  input: DocumentInput & Ctx,
): Promise<Result<{ id: string; fileName: string; warning: UploadWarning | null }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const maxBytes = Math.floor(deps.env.MEDVIRK_MAX_UPLOAD_MB * 1024 * 1024);
  if (input.bytes.byteLength > maxBytes)
    return fail("errors.tooLarge", 413, { params: { max: deps.env.MEDVIRK_MAX_UPLOAD_MB } });
  if (input.bytes.byteLength === 0) return fail("errors.emptyFile", 400);
  const type = sniffType(input.bytes);
  if (!type) return fail("errors.wrongType", 415);
  const v = parseInput(DocumentInput, input);
  if (!v.ok) return v;
  const [c] = await deps.db.db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.id, v.value.caseId), eq(cases.tenantId, input.tenantId)));
  if (!c) return notFound();

  const extraction = type === "application/pdf" ? await extractPdfText(input.bytes) : null;
  const fileName = safeFileName(v.value.fileName, type);
  const key = `${input.tenantId}/${randomUUID()}`;
  await deps.files.put(key, input.bytes);
  try {
    const row = await deps.db.db.transaction(async (tx) => {
      const [last] = await tx
        .select({ p: max(caseDocuments.position) })
        .from(caseDocuments)
        .where(eq(caseDocuments.caseId, c.id));
      const [r] = await tx
        .insert(caseDocuments)
        .values({
          tenantId: input.tenantId,
          caseId: c.id,
          kind: v.value.kind,
          title: v.value.title,
          fileName,
          mimeType: type,
          byteSize: input.bytes.byteLength,
          sha256: createHash("sha256").update(input.bytes).digest("hex"),
          storageKey: key,
          extractedText: extraction?.status === "ok" ? extraction.text : null,
          extraction: extraction ? extraction.status : "not_applicable",
          extractionError: extraction?.status === "failed" ? extraction.error : null,
          position: (last?.p ?? 0) + 1,
        })
        .returning({ id: caseDocuments.id });
      return r!;
    });
    const warning = extraction?.status === "failed" ? ("extractionFailed" as const) : null;
    if (warning)
      deps.log.warn(
        {
          tenantId: input.tenantId,
          documentId: row.id,
          error: extraction?.status === "failed" ? extraction.error : null,
        },
        "PDF text extraction failed; the document is searchable by title only",
      );
    publish(deps, "cases.document.added", input.tenantId, { caseId: c.id, documentId: row.id });
    return ok({ id: row.id, fileName, warning });
  } catch (e) {
    await deps.files.delete(key);
    throw e;
  }
}

export async function removeDocument(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { documentId: string },
): Promise<Result<{ id: string }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const [d] = await deps.db.db
    .delete(caseDocuments)
    .where(and(eq(caseDocuments.id, input.documentId), eq(caseDocuments.tenantId, input.tenantId)))
    .returning({ id: caseDocuments.id, key: caseDocuments.storageKey, caseId: caseDocuments.caseId });
  if (!d) return notFound();
  await deps.files.delete(d.key); // after the row: a failure here leaves an orphan file, never a dangling row
  publish(deps, "cases.document.removed", input.tenantId, { caseId: d.caseId, documentId: d.id });
  return ok({ id: d.id });
}
