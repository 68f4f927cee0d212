import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { panelPoolMembers, panels } from "#db/schema/index.ts";

/** The panels a person signed up for (and has not withdrawn from). */
export function panelsJoinedBy(db: Db, personId: string, limit = 50) {
  return db
    .select({
      tenantId: panels.tenantId,
      key: panels.key,
      title: panels.title,
      status: panels.status,
      joinedAt: panelPoolMembers.createdAt,
    })
    .from(panelPoolMembers)
    .innerJoin(panels, eq(panels.id, panelPoolMembers.panelId))
    .where(and(eq(panelPoolMembers.personId, personId), isNull(panelPoolMembers.withdrawnAt)))
    .orderBy(desc(panelPoolMembers.createdAt))
    .limit(limit);
}
