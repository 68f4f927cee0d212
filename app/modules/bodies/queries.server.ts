import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { bodies, bodyMembers } from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import { parseArea, type MultiPolygon } from "./geo.ts";

// Public reads of bodies, members and areas. Members are public information
// about elected representatives (name, role, party, term).
export type BodyRow = Pick<
  typeof bodies.$inferSelect,
  "id" | "key" | "kind" | "name" | "description" | "noticeLeadDays" | "area"
>;

const columns = {
  id: bodies.id,
  key: bodies.key,
  kind: bodies.kind,
  name: bodies.name,
  description: bodies.description,
  noticeLeadDays: bodies.noticeLeadDays,
  area: bodies.area,
};

export async function listBodies(db: Db, tenantId: string): Promise<BodyRow[]> {
  return db
    .select(columns)
    .from(bodies)
    .where(and(eq(bodies.tenantId, tenantId), isNull(bodies.archivedAt)))
    .orderBy(asc(bodies.createdAt), asc(bodies.key));
}

/** Areas are the bodies that have a geographic area (area councils). */
export async function listAreas(db: Db, tenantId: string): Promise<BodyRow[]> {
  return db
    .select(columns)
    .from(bodies)
    .where(and(eq(bodies.tenantId, tenantId), isNull(bodies.archivedAt), isNotNull(bodies.area)))
    .orderBy(asc(bodies.key));
}

/** The names of some of the municipality's bodies (archived ones too), by id. */
export async function bodyNames(db: Db, tenantId: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: bodies.id, name: bodies.name })
    .from(bodies)
    .where(and(eq(bodies.tenantId, tenantId), inArray(bodies.id, ids)));
}

export async function getBodyByKey(db: Db, tenantId: string, key: string) {
  const rows = await db
    .select({
      b: columns,
      m: {
        id: bodyMembers.id,
        name: bodyMembers.name,
        role: bodyMembers.role,
        party: bodyMembers.party,
        termStart: bodyMembers.termStart,
        termEnd: bodyMembers.termEnd,
      },
    })
    .from(bodies)
    .leftJoin(bodyMembers, eq(bodyMembers.bodyId, bodies.id))
    .where(and(eq(bodies.tenantId, tenantId), eq(bodies.key, key)))
    .orderBy(asc(bodyMembers.position));
  if (!rows.length) return null;
  const ROLE_ORDER = { leader: 0, deputy: 1, member: 2, secretary: 3 } as const;
  const members = rows.flatMap((r) => (r.m ? [r.m] : [])).sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return { ...rows[0]!.b, members };
}

/**
 * All area councils' areas as one MultiPolygon: the outline a map of the whole
 * municipality is framed on (a PB proposal's place, issue 8). Null when no
 * body has an area.
 */
export async function tenantOutline(db: Db, tenantId: string): Promise<MultiPolygon | null> {
  const polys: MultiPolygon["coordinates"] = [];
  for (const a of await listAreas(db, tenantId)) {
    const r = parseArea(a.area);
    if (!r.ok) continue;
    if (r.value.type === "Polygon") polys.push(r.value.coordinates);
    else polys.push(...r.value.coordinates);
  }
  return polys.length ? { type: "MultiPolygon", coordinates: polys } : null;
}
