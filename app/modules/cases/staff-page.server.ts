import type { Deps } from "#app/lib/deps.ts";
import { localizedValue } from "#app/lib/form.ts";
import { pickText } from "#app/lib/localized.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { parseTagText, toCoordinateText } from "#app/modules/bodies/coords.ts";
import type { Area, GeoTag } from "#app/modules/bodies/geo.ts";
import { listAreas, listBodies } from "#app/modules/bodies/queries.server.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { recordDecision, removeDocument, setJourney, updateCase, uploadDocument } from "./commands.server.ts";
import { caseConsultationsForStaff } from "#app/modules/consultations/queries.server.ts";
import { getCaseForStaff } from "#app/modules/meetings/staff-queries.server.ts";
import { formatBytes, formatDay } from "#app/modules/political/present.server.ts";
import { audited, coordsError, type staffContext } from "#app/modules/political/staff.server.ts";
import type { CaseStaffForm } from "./staff-forms.ts";

// One case in the secretaries' console: what the page shows, and what each
// of its forms does (app/routes/$tenant.admin_.cases.$caseId.tsx).
type StaffContext = Awaited<ReturnType<typeof staffContext>>;

/** The page's data, or null when the case is not this municipality's. */
export async function caseStaffView(deps: Deps, { m, locale, t }: StaffContext, caseKey: string) {
  const data = await getCaseForStaff(deps.db.db, m.id, caseKey);
  if (!data) return null;
  const c = data.case;
  const bodies = await listBodies(deps.db.db, m.id);
  const consultationRows = await caseConsultationsForStaff(deps.db.db, m.id, c.id);
  return {
    consultations: consultationRows.map((x) => ({ id: x.id, title: pickText(x.title, locale) })),
    title: `${t("case.number", { number: formatCaseNumber(c) })} – ${t("staff.cases")}`,
    tenant: m.slug,
    maxMb: deps.env.MEDVIRK_MAX_UPLOAD_MB,
    case: {
      id: c.id,
      number: formatCaseNumber(c),
      slug: caseSlug(c),
      title: pickText(c.title, locale),
      titleNb: c.title.nb ?? "",
      titleNn: c.title.nn ?? "",
      summaryNb: c.summary.nb ?? "",
      summaryNn: c.summary.nn ?? "",
      closedBasis: c.closedBasis ?? "",
      decisionText: c.decisionText ?? "",
      geo: toCoordinateText(c.geo as GeoTag | null),
      areaBodyId: c.areaBodyId ?? "",
    },
    areas: (await listAreas(deps.db.db, m.id)).map((a) => ({
      id: a.id,
      name: pickText(a.name, locale)?.value ?? a.key,
      area: a.area as Area,
    })),
    steps: data.steps.map((s) => ({
      position: s.position,
      kind: s.kind,
      date: s.date ? formatDay(s.date, locale) : null,
      bodyName: pickText(s.bodyName, locale),
      bodyKind: s.bodyKind,
    })),
    documents: data.documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      fileName: d.fileName,
      size: formatBytes(d.byteSize, locale),
      unreadable: d.extraction === "failed",
    })),
    bodies: bodies.map((b) => ({ id: b.id, kind: b.kind, name: pickText(b.name, locale) })),
  };
}
export type CaseStaffView = NonNullable<Awaited<ReturnType<typeof caseStaffView>>>;

/** What to tell the secretary after a form on the case page succeeded. */
export interface Saved {
  message: string;
  params?: Record<string, string | number>;
}

/** Runs one form of the case page; every change is audited. Null when the case is not this municipality's. */
export async function runCaseStaffForm(
  deps: Deps,
  { m, actor }: StaffContext,
  caseKey: string,
  input: CaseStaffForm,
): Promise<Result<Saved> | null> {
  const data = await getCaseForStaff(deps.db.db, m.id, caseKey);
  if (!data) return null;
  const caseId = data.case.id;
  const subject = { type: "case", id: () => caseId };
  const saved = { message: "staff.saved" };
  const done = <T>(r: Result<T>): Result<Saved> => (r.ok ? ok(saved) : r);
  switch (input.intent) {
    case "update":
      return done(
        await audited(deps, actor, m.id, "cases.case.updated", subject, () =>
          updateCase(deps, actor, {
            tenantId: m.id,
            caseId,
            title: localizedValue(input, "title"),
            summary: localizedValue(input, "summary"),
            closedBasis: input.closedBasis.trim() || null,
          }),
        ),
      );
    case "place": {
      // The geographic tag: a point or an area, typed as "latitude, longitude" lines, drawn on the map, or GeoJSON.
      const parsed = parseTagText(input.geo);
      if (!parsed.ok) return { ok: false, error: coordsError("geo", parsed) };
      const choice = input.areaBodyId;
      const areaBodyId =
        choice === "none" || (choice === "auto" && !parsed.value)
          ? null
          : choice === "auto" || !choice
            ? undefined
            : choice;
      return done(
        await audited(deps, actor, m.id, "cases.case.placed", subject, () =>
          updateCase(deps, actor, { tenantId: m.id, caseId, geo: parsed.value, areaBodyId }),
        ),
      );
    }
    case "decision":
      return done(
        await audited(deps, actor, m.id, "cases.decision.recorded", subject, () =>
          recordDecision(deps, actor, { tenantId: m.id, caseId, decisionText: input.decisionText }),
        ),
      );
    case "addStep": {
      const steps = data.steps.map((s) => ({ bodyId: s.bodyId, kind: s.kind, date: s.date, meetingId: s.meetingId }));
      steps.push({ bodyId: input.bodyId, kind: input.kind, date: input.date || null, meetingId: null });
      return done(
        await audited(deps, actor, m.id, "cases.journey.changed", subject, () =>
          setJourney(deps, actor, { tenantId: m.id, caseId, steps }),
        ),
      );
    }
    case "clearJourney":
      return done(
        await audited(deps, actor, m.id, "cases.journey.changed", subject, () =>
          setJourney(deps, actor, { tenantId: m.id, caseId, steps: [] }),
        ),
      );
    case "upload": {
      const file = input.file;
      if (!(file instanceof File) || file.size === 0) return fail("errors.emptyFile", 400);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await audited(
        deps,
        actor,
        m.id,
        "cases.document.added",
        { type: "case", id: () => caseId, data: { fileName: file.name.slice(0, 200), size: file.size } },
        () =>
          uploadDocument(deps, actor, {
            tenantId: m.id,
            caseId,
            kind: input.kind,
            title: input.title,
            fileName: file.name,
            bytes,
          }),
      );
      if (!r.ok) return r;
      return ok({
        message: r.value.warning ? "staff.uploadedUnreadable" : "staff.uploaded",
        params: { fileName: r.value.fileName },
      });
    }
    case "removeDocument":
      return done(
        await audited(deps, actor, m.id, "cases.document.removed", subject, () =>
          removeDocument(deps, actor, { tenantId: m.id, documentId: input.documentId }),
        ),
      );
  }
}
