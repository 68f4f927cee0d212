// Who may do what in the political modules: pure predicates (STYLE.md §5).
//
// The identity module (issue 3) builds the real actor from the session; this
// file only needs its shape: memberships (tenantId, bodyId?, role). Checks
// resolve from specific to general: body, then tenant, then platform admin.
export type StaffRole = "admin" | "secretary" | "moderator";

export interface Membership {
  tenantId: string;
  /** A role limited to one body (e.g. the secretary of the planning committee). */
  bodyId?: string | null;
  role: StaffRole | (string & {});
}

export interface Actor {
  id: string;
  memberships: readonly Membership[];
  platformAdmin?: boolean;
}

// The same permission strings as app/modules/identity/roles.ts: an admin
// manages bodies and their members; secretaries manage meetings (of their
// bodies, or of all when municipality-wide) and the municipality's cases.
export const POLITICAL_ACTIONS = [
  "manage:body:tenant", // bodies, members, areas, notice lead time
  "manage:meeting:body", // meetings, agendas, notice, agenda import
  "manage:case:tenant", // cases, their journey and documents
] as const;
export type PoliticalAction = (typeof POLITICAL_ACTIONS)[number];

export interface Resource {
  tenantId: string;
  bodyId?: string | null;
}

/**
 * Mirrors identity's can() for these three permissions, so a command can be
 * checked with only the actor's memberships (the identity engineer may swap
 * this for their can() without changing a caller).
 */
export function can(actor: Actor | null | undefined, action: PoliticalAction, resource: Resource): boolean {
  if (!actor) return false;
  for (const m of actor.memberships) {
    if (m.tenantId !== resource.tenantId) continue;
    const wide = !m.bodyId;
    if (m.role === "admin" && wide) return true;
    if (m.role !== "secretary" && m.role !== "admin") continue;
    if (action === "manage:case:tenant") return true;
    if (action === "manage:meeting:body" && (wide || m.bodyId === resource.bodyId)) return true;
  }
  return !!actor.platformAdmin;
}
