import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { pbAreas, pbBallots, type pbRounds } from "#db/schema/index.ts";
import { ballotProjects } from "./commands.server.ts";
import { ballotRulesOf, tallySpecOf, type StoredTally } from "./round.ts";
import { electionFromBallots, tally } from "./tally.ts";

// Rules side by side, for staff: the same ballots tallied with greedy and
// with the Method of Equal Shares (no completion, Add1, Add1 stopping at the
// first exhaustive outcome). Read only; the round's own frozen rule decides.

export const COMPARED_RULES: readonly { key: string; tally: StoredTally }[] = [
  { key: "greedy", tally: { rule: "greedy" } },
  { key: "mes-none", tally: { rule: "mes", completion: "none" } },
  { key: "mes-add1", tally: { rule: "mes", completion: "add1" } },
  { key: "mes-add1-exhaustive", tally: { rule: "mes", completion: "add1-exhaustive" } },
];

export type RuleOutcome = { key: string; selected: string[]; cost: bigint; voters: number; votersWithWinner: number };
export type ScopeComparison = {
  scope: string;
  areaKey: string | null;
  budget: bigint;
  ballots: number;
  projects: { id: string; cost: bigint }[];
  outcomes: RuleOutcome[];
};

export async function compareRules(db: Db, round: typeof pbRounds.$inferSelect): Promise<ScopeComparison[]> {
  const areas = await db.select().from(pbAreas).where(eq(pbAreas.roundId, round.id));
  const scopes = areas.length
    ? areas.map((a) => ({ scope: a.id, areaKey: a.key as string | null, budget: a.budget }))
    : [{ scope: "", areaKey: null, budget: round.budget }];
  const out: ScopeComparison[] = [];
  for (const s of scopes) {
    const projects = await ballotProjects(db, round.id, s.scope || null);
    const rows = await db
      .select({ projects: pbBallots.projects, points: pbBallots.points })
      .from(pbBallots)
      .where(and(eq(pbBallots.roundId, round.id), eq(pbBallots.scope, s.scope)));
    const outcomes: RuleOutcome[] = [];
    if (rows.length && projects.length) {
      const e = electionFromBallots(
        ballotRulesOf(round.rules.ballot, s.budget),
        projects,
        s.budget,
        round.scale,
        rows.map((r) => ({ projects: r.projects, points: r.points ?? undefined })),
      );
      for (const r of COMPARED_RULES) {
        // Keep the round's own tie-breaking chain, so only the rule differs.
        const res = tally(e, tallySpecOf({ ...r.tally, tieBreak: round.rules.tally.tieBreak }));
        outcomes.push({
          key: r.key,
          selected: [...res.selected],
          cost: res.cost,
          voters: res.voters,
          votersWithWinner: res.votersWithWinner,
        });
      }
    }
    out.push({ ...s, ballots: rows.length, projects, outcomes });
  }
  return out;
}
