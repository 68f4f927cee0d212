import type { Deps } from "#app/lib/deps.ts";
import { localizedValue } from "#app/lib/form.ts";
import { pickText } from "#app/lib/localized.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { audited, coordsError, type staffContext } from "#app/modules/political/staff.server.ts";
import { addMember, removeMember, updateBody } from "./commands.server.ts";
import { parseAreaText, toCoordinateText } from "./coords.ts";
import type { Area } from "./geo.ts";
import { getBodyByKey, listAreas, listBodies } from "./queries.server.ts";
import type { BodyStaffForm } from "./staff-forms.ts";
import type { MEMBER_ROLES } from "./schemas.ts";

// Administrators: one body (app/routes/$tenant.admin_.bodies.$bodyId.tsx): its
// names, notice lead time, area (GeoJSON, pasted or uploaded) and members.
type StaffContext = Awaited<ReturnType<typeof staffContext>>;

/** The body with its members, if it is this municipality's. */
export async function findBody(deps: Deps, tenantId: string, bodyId: string) {
  const row = (await listBodies(deps.db.db, tenantId)).find((b) => b.id === bodyId);
  return row ? getBodyByKey(deps.db.db, tenantId, row.key) : null;
}

export async function bodyStaffView(
  deps: Deps,
  { m, locale, t }: StaffContext,
  b: NonNullable<Awaited<ReturnType<typeof findBody>>>,
) {
  return {
    title: `${pickText(b.name, locale)?.value ?? b.key} – ${t("staff.bodies")}`,
    tenant: m.slug,
    body: {
      id: b.id,
      key: b.key,
      kind: b.kind,
      name: pickText(b.name, locale),
      nameNb: b.name.nb ?? "",
      nameNn: b.name.nn ?? "",
      lead: b.noticeLeadDays,
      area: toCoordinateText(b.area as Area | null),
    },
    // The other areas, drawn under the map drawer for orientation.
    otherAreas: (await listAreas(deps.db.db, m.id))
      .filter((a) => a.id !== b.id)
      .map((a) => ({ name: pickText(a.name, locale)?.value ?? a.key, area: a.area as Area })),
    members: b.members.map((mb) => ({ id: mb.id, name: mb.name, role: mb.role, party: mb.party ?? "" })),
  };
}
export type BodyStaffView = Awaited<ReturnType<typeof bodyStaffView>>;

/** Runs one form of the body page; every change is audited. */
export async function runBodyStaffForm(
  deps: Deps,
  { m, actor }: StaffContext,
  b: { id: string },
  input: BodyStaffForm,
): Promise<Result<{ message: string }>> {
  const subject = { type: "body", id: () => b.id };
  switch (input.intent) {
    case "update": {
      const file = input.areaFile;
      let area: unknown = null;
      if (file instanceof File && file.size > 0) {
        if (file.size > 2_000_000) return fail("errors.tooLarge", 413, { params: { max: 2 } });
        area = await file.text();
      } else {
        // GeoJSON, or "latitude, longitude" lines typed or drawn on the map (app/modules/bodies/coords.ts).
        const parsed = parseAreaText(input.area);
        if (!parsed.ok) return { ok: false, error: coordsError("area", parsed) };
        area = parsed.value;
      }
      const lead = input.noticeLeadDays.trim();
      const r = await audited(deps, actor, m.id, "bodies.body.updated", subject, () =>
        updateBody(deps, actor, {
          tenantId: m.id,
          bodyId: b.id,
          name: localizedValue(input, "name"),
          noticeLeadDays: lead ? Number(lead) : undefined,
          area,
        }),
      );
      return r.ok ? ok({ message: "staff.saved" }) : r;
    }
    case "addMember": {
      const r = await audited(deps, actor, m.id, "bodies.member.added", subject, () =>
        addMember(deps, actor, {
          tenantId: m.id,
          bodyId: b.id,
          name: input.name,
          role: input.role as (typeof MEMBER_ROLES)[number],
          party: input.party || null,
          termStart: input.termStart || null,
          termEnd: input.termEnd || null,
        }),
      );
      return r.ok ? ok({ message: "staff.saved" }) : r;
    }
    case "removeMember": {
      const r = await audited(deps, actor, m.id, "bodies.member.removed", subject, () =>
        removeMember(deps, actor, { tenantId: m.id, memberId: input.memberId }),
      );
      return r.ok ? ok({ message: "staff.saved" }) : r;
    }
  }
}
