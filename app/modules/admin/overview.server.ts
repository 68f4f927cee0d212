import { desc, eq } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { pickText } from "#app/lib/localized.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import type { Permission } from "#app/modules/identity/roles.ts";
import { consultations, pbRounds } from "#db/schema/index.ts";
import { consultationAttention, countModerationQueue } from "#app/modules/consultations/queries.server.ts";
import { osloDayStart } from "#app/modules/meetings/calendar.ts";
import { listMeetings } from "#app/modules/meetings/queries.server.ts";

// The staff start page of a municipality (/:tenant/admin): the sections the
// signed-in person may use, and the municipality's processes with a link to
// each one's staff page. Sections are filtered with the same permission table
// the commands check, so nobody sees a link that would end in a 403.
export const SECTIONS: readonly { key: string; path: string; permission: Permission }[] = [
  { key: "meetings", path: "admin/meetings", permission: "read:admin:tenant" },
  { key: "cases", path: "admin/cases", permission: "manage:case:tenant" },
  { key: "moderation", path: "admin/moderation", permission: "moderate:content:tenant" },
  { key: "statements", path: "admin/statements", permission: "read:admin:tenant" },
  { key: "councilsHeard", path: "admin/councils-heard", permission: "manage:case:tenant" },
  { key: "budgeting", path: "admin/budgeting", permission: "manage:budgeting:tenant" },
  { key: "priorities", path: "admin/budget-priorities", permission: "manage:budgeting:tenant" },
  { key: "panels", path: "admin/panels", permission: "manage:panel:tenant" },
  { key: "sms", path: "admin/sms", permission: "manage:sms:tenant" },
  { key: "bodies", path: "admin/bodies", permission: "manage:body:tenant" },
  { key: "staff", path: "admin/staff", permission: "read:staff:tenant" },
  { key: "audit", path: "admin/audit", permission: "read:audit:tenant" },
  { key: "apiTokens", path: "admin/api-tokens", permission: "manage:apitoken:tenant" },
];

export function visibleSections(actor: Actor, tenantId: string) {
  return SECTIONS.filter((s) => can(actor, s.permission, { tenantId }));
}

export async function adminOverview(deps: Deps, actor: Actor, tenantId: string, locale: Locale) {
  const { db } = deps.db;
  const mayBudget = can(actor, "manage:budgeting:tenant", { tenantId });
  const mayConsult =
    can(actor, "manage:case:tenant", { tenantId }) || can(actor, "moderate:content:tenant", { tenantId });
  const mayModerate = can(actor, "moderate:content:tenant", { tenantId });
  const now = deps.now();
  const [rounds, consults, queue, today, attention] = await Promise.all([
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
          .select({
            id: consultations.id,
            title: consultations.title,
            closesAt: consultations.closesAt,
            closedAt: consultations.closedAt,
          })
          .from(consultations)
          .where(eq(consultations.tenantId, tenantId))
          .orderBy(desc(consultations.closesAt))
          .limit(50)
      : [],
    mayModerate ? countModerationQueue(db, tenantId) : 0,
    listMeetings(db, tenantId, { from: osloDayStart(now), to: osloDayStart(now, 1), limit: 20 }),
    mayConsult ? consultationAttention(db, tenantId, now) : new Map<string, never>(),
  ]);
  return {
    sections: visibleSections(actor, tenantId).map((s) => ({
      key: s.key,
      path: s.path,
      count: s.key === "moderation" ? queue : null,
    })),
    // Meetings today, with their live console for those who may run it.
    today: today.map((mt) => ({
      id: mt.id,
      body: pickText(mt.body.name, locale)?.value ?? mt.body.key,
      startsAt: mt.startsAt,
      status: mt.status,
      console: can(actor, "manage:meeting:body", { tenantId, bodyId: mt.body.id }),
    })),
    rounds: rounds.map((r) => ({ key: r.key, title: pickText(r.title, locale)?.value ?? r.key, phase: r.phase })),
    consultations: consults.map((c) => ({
      id: c.id,
      title: pickText(c.title, locale)?.value ?? "",
      open: c.closedAt === null && c.closesAt.getTime() > now.getTime(),
      // What needs doing: the report to attach to the case, councils' statements overdue.
      reportToAttach: attention.get(c.id)?.reportToAttach ?? false,
      overdueStatements: attention.get(c.id)?.overdueStatements ?? 0,
    })),
  };
}
