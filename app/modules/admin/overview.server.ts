import { desc, eq } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { pickText } from "#app/lib/localized.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import type { Permission } from "#app/modules/identity/roles.ts";
import { consultations, pbRounds } from "#db/schema/index.ts";

// The staff start page of a municipality (/:tenant/admin): the sections the
// signed-in person may use, and the municipality's processes with a link to
// each one's staff page. Sections are filtered with the same permission table
// the commands check, so nobody sees a link that would end in a 403.
export const SECTIONS: readonly { key: string; path: string; permission: Permission }[] = [
  { key: "meetings", path: "admin/meetings", permission: "read:admin:tenant" },
  { key: "cases", path: "admin/cases", permission: "manage:case:tenant" },
  { key: "bodies", path: "admin/bodies", permission: "manage:body:tenant" },
  { key: "panels", path: "admin/panels", permission: "manage:panel:tenant" },
  { key: "staff", path: "admin/staff", permission: "read:staff:tenant" },
  { key: "audit", path: "admin/audit", permission: "read:audit:tenant" },
];

export function visibleSections(actor: Actor, tenantId: string) {
  return SECTIONS.filter((s) => can(actor, s.permission, { tenantId }));
}

export async function adminOverview(deps: Deps, actor: Actor, tenantId: string, locale: Locale) {
  const { db } = deps.db;
  const mayBudget = can(actor, "manage:budgeting:tenant", { tenantId });
  const mayConsult =
    can(actor, "manage:case:tenant", { tenantId }) || can(actor, "moderate:content:tenant", { tenantId });
  const [rounds, consults] = await Promise.all([
    mayBudget
      ? db
          .select({ key: pbRounds.key, title: pbRounds.title, phase: pbRounds.phase })
          .from(pbRounds)
          .where(eq(pbRounds.tenantId, tenantId))
          .orderBy(desc(pbRounds.createdAt))
          .limit(50)
      : [],
    mayConsult
      ? db
          .select({ id: consultations.id, title: consultations.title, closesAt: consultations.closesAt })
          .from(consultations)
          .where(eq(consultations.tenantId, tenantId))
          .orderBy(desc(consultations.closesAt))
          .limit(50)
      : [],
  ]);
  const now = deps.now().getTime();
  return {
    sections: visibleSections(actor, tenantId).map((s) => ({ key: s.key, path: s.path })),
    rounds: rounds.map((r) => ({ key: r.key, title: pickText(r.title, locale)?.value ?? r.key, phase: r.phase })),
    consultations: consults.map((c) => ({
      id: c.id,
      title: pickText(c.title, locale)?.value ?? "",
      open: c.closesAt.getTime() > now,
    })),
  };
}
