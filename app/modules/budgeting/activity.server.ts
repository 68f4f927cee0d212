import { desc, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { pbProposals, pbRounds, pbVoterRoll } from "#db/schema/index.ts";

/** A person's PB proposals and the rounds they voted in (not how: ballots are anonymous). */
export async function budgetingActivityOf(db: Db, personId: string, limit = 50) {
  const [proposals, votes] = await Promise.all([
    db
      .select({
        tenantId: pbProposals.tenantId,
        code: pbProposals.code,
        title: pbProposals.title,
        status: pbProposals.status,
        roundKey: pbRounds.key,
        roundTitle: pbRounds.title,
        phase: pbRounds.phase,
        createdAt: pbProposals.createdAt,
      })
      .from(pbProposals)
      .innerJoin(pbRounds, eq(pbRounds.id, pbProposals.roundId))
      .where(eq(pbProposals.authorPersonId, personId))
      .orderBy(desc(pbProposals.createdAt))
      .limit(limit),
    db
      .select({
        tenantId: pbVoterRoll.tenantId,
        roundKey: pbRounds.key,
        roundTitle: pbRounds.title,
        phase: pbRounds.phase,
        channel: pbVoterRoll.channel,
        lastVotedAt: pbVoterRoll.lastVotedAt,
      })
      .from(pbVoterRoll)
      .innerJoin(pbRounds, eq(pbRounds.id, pbVoterRoll.roundId))
      .where(eq(pbVoterRoll.personId, personId))
      .orderBy(desc(pbVoterRoll.lastVotedAt))
      .limit(limit),
  ]);
  return { proposals, votes };
}
