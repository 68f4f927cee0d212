import { desc, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { consultationComments, consultations } from "#db/schema/index.ts";

/** A person's comments, newest first, with what became of them (Min side, issue 17). */
export function commentsBy(db: Db, personId: string, limit = 50) {
  return db
    .select({
      id: consultationComments.id,
      tenantId: consultationComments.tenantId,
      consultationId: consultations.id,
      title: consultations.title,
      state: consultationComments.state,
      createdAt: consultationComments.createdAt,
      closesAt: consultations.closesAt,
      closedAt: consultations.closedAt,
      feedbackAt: consultations.feedbackAt,
    })
    .from(consultationComments)
    .innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
    .where(eq(consultationComments.personId, personId))
    .orderBy(desc(consultationComments.createdAt))
    .limit(limit);
}
