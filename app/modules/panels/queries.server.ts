import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { cases, panelInvitations, panelMembers, panelPoolMembers, panels, panelSelections } from "#db/schema/index.ts";
import { poolRows, quotaRows } from "./commands.server.ts";
import { composition, type CompositionCell } from "./quotas.ts";

// Reads of citizen panels. Every read takes tenantId explicitly.

export async function getPanelByKey(db: Db, tenantId: string, key: string) {
  const [p] = await db
    .select()
    .from(panels)
    .where(and(eq(panels.tenantId, tenantId), eq(panels.key, key)));
  return p ?? null;
}

export async function listPanels(db: Db, tenantId: string) {
  return db.select().from(panels).where(eq(panels.tenantId, tenantId)).orderBy(desc(panels.createdAt));
}

/** The quotas and the pool's live composition against them (staff view: exact counts). */
export async function poolComposition(
  db: Db,
  panel: { id: string; size: number },
): Promise<{ n: number; cells: CompositionCell[] }> {
  const [rows, pool] = await Promise.all([quotaRows(db, panel.id), poolRows(db, panel.id)]);
  return {
    n: pool.length,
    cells: composition(
      rows,
      panel.size,
      pool.map((p) => p.profile),
    ),
  };
}

export async function latestSelection(db: Db, panelId: string) {
  const [s] = await db
    .select()
    .from(panelSelections)
    .where(eq(panelSelections.panelId, panelId))
    .orderBy(desc(panelSelections.requestedAt))
    .limit(1);
  return s ?? null;
}

export async function publishedSelection(db: Db, tenantId: string, panelId: string) {
  const [s] = await db
    .select()
    .from(panelSelections)
    .where(
      and(
        eq(panelSelections.tenantId, tenantId),
        eq(panelSelections.panelId, panelId),
        isNotNull(panelSelections.publishedAt),
      ),
    )
    .orderBy(desc(panelSelections.publishedAt))
    .limit(1);
  return s ?? null;
}

/** The seated panel (staff only): names, profiles, status, replacements. */
export async function seatedMembers(db: Db, panelId: string) {
  return db
    .select({
      id: panelMembers.id,
      status: panelMembers.status,
      replacesId: panelMembers.replacesId,
      name: panelPoolMembers.name,
      profile: panelPoolMembers.profile,
    })
    .from(panelMembers)
    .innerJoin(panelPoolMembers, eq(panelPoolMembers.id, panelMembers.poolMemberId))
    .where(eq(panelMembers.panelId, panelId))
    .orderBy(asc(panelMembers.joinedAt), asc(panelPoolMembers.name));
}

export async function myPoolEntry(db: Db, panelId: string, personId: string) {
  const [m] = await db
    .select({ id: panelPoolMembers.id, profile: panelPoolMembers.profile })
    .from(panelPoolMembers)
    .where(
      and(
        eq(panelPoolMembers.panelId, panelId),
        eq(panelPoolMembers.personId, personId),
        isNull(panelPoolMembers.withdrawnAt),
      ),
    );
  return m ?? null;
}

/** Invitations of the panel whose contact data is still kept (not purged). */
export async function countInvitations(db: Db, panelId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(panelInvitations)
    .where(and(eq(panelInvitations.panelId, panelId), isNotNull(panelInvitations.contact)));
  return r?.n ?? 0;
}

export async function listInvitations(db: Db, panelId: string) {
  return db
    .select()
    .from(panelInvitations)
    .where(and(eq(panelInvitations.panelId, panelId), isNotNull(panelInvitations.contact)))
    .orderBy(asc(panelInvitations.createdAt), asc(panelInvitations.code));
}

/** An open invitation by its code (for the sign-up page). */
export async function invitationByCode(db: Db, tenantId: string, panelId: string, code: string) {
  const [i] = await db
    .select()
    .from(panelInvitations)
    .where(
      and(
        eq(panelInvitations.tenantId, tenantId),
        eq(panelInvitations.panelId, panelId),
        eq(panelInvitations.code, code.toUpperCase()),
        isNull(panelInvitations.acceptedAt),
        isNotNull(panelInvitations.contact),
      ),
    );
  return i ?? null;
}

/** "2025-1234" for a case id (the case page's address). */
export async function caseSlugOf(db: Db, caseId: string): Promise<string | null> {
  const [c] = await db.select({ year: cases.year, sequence: cases.sequence }).from(cases).where(eq(cases.id, caseId));
  return c ? `${c.year}-${c.sequence}` : null;
}
