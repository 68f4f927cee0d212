import { and, asc, count, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import {
  pbAreas,
  pbComments,
  pbPaperBallots,
  pbPriorities,
  pbProposals,
  pbResults,
  pbRounds,
  pbSupports,
  persons,
} from "#db/schema/index.ts";

// Reads for the budgeting pages (public and staff).
export type RoundRow = typeof pbRounds.$inferSelect;
export type ProposalRow = typeof pbProposals.$inferSelect;

export async function getRoundByKey(db: Db, tenantId: string, key: string): Promise<RoundRow | null> {
  const [r] = await db
    .select()
    .from(pbRounds)
    .where(and(eq(pbRounds.tenantId, tenantId), eq(pbRounds.key, key)));
  return r ?? null;
}

export async function listRounds(db: Db, tenantId: string): Promise<RoundRow[]> {
  return db.select().from(pbRounds).where(eq(pbRounds.tenantId, tenantId)).orderBy(desc(pbRounds.createdAt));
}

export async function listAreas(db: Db, roundId: string) {
  return db.select().from(pbAreas).where(eq(pbAreas.roundId, roundId)).orderBy(asc(pbAreas.key));
}

export async function listProposals(
  db: Db,
  roundId: string,
  f: { areaId?: string | null; category?: string | null; status?: ProposalRow["status"] } = {},
): Promise<ProposalRow[]> {
  const where = [eq(pbProposals.roundId, roundId)];
  if (f.areaId) where.push(eq(pbProposals.areaId, f.areaId));
  if (f.areaId === null) where.push(isNull(pbProposals.areaId));
  if (f.category) where.push(eq(pbProposals.category, f.category));
  if (f.status) where.push(eq(pbProposals.status, f.status));
  return db
    .select()
    .from(pbProposals)
    .where(and(...where))
    .orderBy(asc(pbProposals.createdAt), asc(pbProposals.code));
}

/** The newest published result of each scope of a round. */
export async function latestResults(db: Db, roundId: string) {
  const rows = await db
    .select()
    .from(pbResults)
    .where(and(eq(pbResults.roundId, roundId), eq(pbResults.published, true)))
    .orderBy(desc(pbResults.computedAt));
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.scope) ? false : (seen.add(r.scope), true)));
}

export async function pendingPaperBallots(db: Db, roundId: string) {
  return db
    .select({
      id: pbPaperBallots.id,
      scope: pbPaperBallots.scope,
      projects: pbPaperBallots.projects,
      points: pbPaperBallots.points,
      enteredBy: pbPaperBallots.enteredByPersonId,
      enteredAt: pbPaperBallots.enteredAt,
      person: persons.displayName,
      email: persons.email,
      phone: persons.phone,
    })
    .from(pbPaperBallots)
    .innerJoin(persons, eq(persons.id, pbPaperBallots.personId))
    .where(and(eq(pbPaperBallots.roundId, roundId), eq(pbPaperBallots.status, "pending")))
    .orderBy(asc(pbPaperBallots.enteredAt));
}

/** A person by e-mail or phone (for paper ballots typed in by staff). */
export async function findPerson(db: Db, identifier: string): Promise<string | null> {
  const v = identifier.trim().toLowerCase();
  if (!v) return null;
  const [p] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(v.includes("@") ? eq(persons.email, v) : eq(persons.phone, v.replace(/\s+/g, "")));
  return p?.id ?? null;
}

/** A proposal of a round by its code (or by id). */
export async function proposalByCode(
  db: Db,
  roundId: string,
  code: string | null,
  id?: string,
): Promise<ProposalRow | null> {
  const [p] = await db
    .select()
    .from(pbProposals)
    .where(and(eq(pbProposals.roundId, roundId), id ? eq(pbProposals.id, id) : eq(pbProposals.code, code ?? "")));
  return p ?? null;
}

/** How many support a proposal, and whether this person does. */
export async function proposalSupport(
  db: Db,
  proposalId: string,
  personId: string | null,
): Promise<{ count: number; mine: boolean }> {
  const [c] = await db.select({ n: count() }).from(pbSupports).where(eq(pbSupports.proposalId, proposalId));
  const mine = personId
    ? (
        await db
          .select({ p: pbSupports.personId })
          .from(pbSupports)
          .where(and(eq(pbSupports.proposalId, proposalId), eq(pbSupports.personId, personId)))
      ).length > 0
    : false;
  return { count: Number(c?.n ?? 0), mine };
}

/** The visible comments on a proposal, oldest first, with the author's display name (if any). */
export async function proposalComments(db: Db, proposalId: string) {
  return db
    .select({ id: pbComments.id, body: pbComments.body, createdAt: pbComments.createdAt, who: persons.displayName })
    .from(pbComments)
    .leftJoin(persons, eq(persons.id, pbComments.personId))
    .where(and(eq(pbComments.proposalId, proposalId), isNull(pbComments.hiddenAt)))
    .orderBy(asc(pbComments.createdAt));
}

/** The municipality's budget-priorities consultations, newest first. */
export async function listPriorities(db: Db, tenantId: string) {
  return db
    .select()
    .from(pbPriorities)
    .where(eq(pbPriorities.tenantId, tenantId))
    .orderBy(desc(pbPriorities.createdAt));
}
