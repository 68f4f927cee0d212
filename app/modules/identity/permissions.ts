import { permissionsOf, type Permission, type StaffRole } from "./roles.ts";

// Pure permission checks (STYLE.md §5), used by routes to authorize, by
// components to hide what a person may not do, and again by commands.
// The shape of Actor matches app/modules/meetings/permissions.ts: one entry
// per (tenant, body?, role); a secretary limited to two bodies has two entries.
export interface Membership {
  tenantId: string;
  role: StaffRole;
  /** Limited to this body; null means the whole municipality. */
  bodyId: string | null;
}

export interface Actor {
  id: string;
  memberships: readonly Membership[];
  /** Platform operator: runs the installation, may act in every municipality. */
  platformAdmin: boolean;
}

export interface Resource {
  tenantId: string;
  bodyId?: string | null;
}

/**
 * Whether `actor` may do `permission` on `resource`. Resolves from specific to
 * general: a body-limited membership, then a municipality-wide one, then the
 * platform operator. Another municipality's memberships never count.
 */
export function can(actor: Actor | null | undefined, permission: Permission, resource: Resource): boolean {
  if (!actor) return false;
  const scope = permission.split(":")[2];
  for (const m of actor.memberships) {
    if (m.tenantId !== resource.tenantId) continue;
    if (!permissionsOf(m.role).has(permission)) continue;
    if (m.bodyId === null) return true;
    // A body-limited role acts only on its bodies; municipality-wide
    // permissions that every secretary has (cases, the admin start page) still apply.
    if (scope === "body" ? resource.bodyId === m.bodyId : true) return true;
  }
  return actor.platformAdmin;
}

/** The bodies among `bodyIds` that the actor may manage meetings for (the secretary sees only theirs). */
export function manageableBodies<T extends { id: string }>(
  actor: Actor | null,
  tenantId: string,
  bodies: readonly T[],
): T[] {
  return bodies.filter((b) => can(actor, "manage:meeting:body", { tenantId, bodyId: b.id }));
}

/** Builds the actor's membership list from stored rows (bodyIds [] = whole municipality). */
export function membershipsFromRows(
  rows: readonly { tenantId: string; role: StaffRole; bodyIds: readonly string[] }[],
): Membership[] {
  return rows.flatMap((r): Membership[] =>
    r.bodyIds.length
      ? r.bodyIds.map((bodyId) => ({ tenantId: r.tenantId, role: r.role, bodyId }))
      : [{ tenantId: r.tenantId, role: r.role, bodyId: null }],
  );
}
